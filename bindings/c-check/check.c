/*
 * The C view of the library, as Swift sees it through SwipCoreFFI.h: this program includes the
 * generated header, links against libswip_ffi, and makes real calls through the C ABI.
 * Built and run by scripts/test.d/20-bindings.sh (no Swift compiler exists on Linux here).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "SwipCoreFFI.h"

/* The contract version the generated Swift expects (uniffi 0.32). */
#define EXPECTED_CONTRACT_VERSION 30

static uint64_t read_u64(const uint8_t *p) {
    uint64_t value = 0;
    for (int i = 0; i < 8; i++) value = (value << 8) | p[i];
    return value;
}

static uint32_t read_u32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

int main(void) {
    int failures = 0;

    uint32_t version = ffi_swip_ffi_uniffi_contract_version();
    if (version != EXPECTED_CONTRACT_VERSION) {
        fprintf(stderr, "contract version %u, expected %u\n", version, EXPECTED_CONTRACT_VERSION);
        failures++;
    }

    /* runtime_diagnostics() -> RuntimeDiagnostics { alive_tasks: i64, worker_threads: i32 },
     * serialised big-endian in a RustBuffer. */
    RustCallStatus status;
    memset(&status, 0, sizeof status);
    RustBuffer buffer = uniffi_swip_ffi_fn_func_runtime_diagnostics(&status);
    if (status.code != 0) {
        fprintf(stderr, "runtime_diagnostics failed with status %d\n", status.code);
        failures++;
    } else if (buffer.len != 12 || buffer.data == NULL) {
        fprintf(stderr, "runtime_diagnostics returned %llu bytes, expected 12\n",
                (unsigned long long)buffer.len);
        failures++;
    } else {
        uint64_t alive = read_u64(buffer.data);
        uint32_t workers = read_u32(buffer.data + 8);
        printf("runtime: %u worker threads, %llu alive tasks\n", workers, (unsigned long long)alive);
        if (workers != 2) {
            fprintf(stderr, "expected 2 worker threads, got %u\n", workers);
            failures++;
        }
    }
    RustCallStatus free_status;
    memset(&free_status, 0, sizeof free_status);
    ffi_swip_ffi_rustbuffer_free(buffer, &free_status);
    if (free_status.code != 0) {
        fprintf(stderr, "rustbuffer_free failed\n");
        failures++;
    }

    if (failures == 0) printf("C check: the header compiles, the library links and answers\n");
    return failures == 0 ? 0 : 1;
}
