//! The observer thread as one Java thread: attached to the JVM that loaded the library (if the
//! process has one) once, for its whole life, as a daemon named `swip-observer`.
//!
//! Without it, JNA attaches a native thread anew for each callback and detaches it afterwards, so
//! every `onState` call saw a new `Thread-N`. JNA leaves a thread that is already attached as it
//! is (its `callback_dispatch` asks `GetEnv` first and detaches only what it attached), so one
//! attachment here makes every call of a subscription arrive on the same, named Java thread.
//!
//! The JVM is found through `JNI_GetCreatedJavaVMs`, looked up in the process (the `java`
//! launcher loads libjvm globally; Android exports it from API 31), or the one Android's
//! `SwipPlatform.init` handed over ([`remember_vm`]). Swift has no JVM: nothing is attached and
//! nothing changes. Only the invocation interface's own functions are used, declared here from
//! `jni.h` (the `jni` crate is an Android-only dependency).

use std::ffi::{CStr, c_char, c_void};
use std::ptr::null_mut;
use std::sync::atomic::{AtomicPtr, Ordering};

/// `jint`.
type JInt = i32;
/// `JNI_OK`.
const JNI_OK: JInt = 0;
/// `JNI_VERSION_1_6`: known to every JVM and to Android's ART.
const JNI_VERSION_1_6: JInt = 0x0001_0006;

/// `JavaVM` of `jni.h`: a pointer to the invocation interface's function table.
type JavaVm = *const InvokeInterface;

/// An invocation-interface function taking the VM only (`DestroyJavaVM`, `DetachCurrentThread`).
type VmFn = unsafe extern "system" fn(*mut JavaVm) -> JInt;
/// `AttachCurrentThread` / `AttachCurrentThreadAsDaemon`.
type AttachFn = unsafe extern "system" fn(*mut JavaVm, *mut *mut c_void, *mut c_void) -> JInt;
/// `GetEnv`.
type GetEnvFn = unsafe extern "system" fn(*mut JavaVm, *mut *mut c_void, JInt) -> JInt;
/// `JNI_GetCreatedJavaVMs`.
type GetCreatedVmsFn = unsafe extern "system" fn(*mut *mut JavaVm, JInt, *mut JInt) -> JInt;

/// `struct JNIInvokeInterface_` of `jni.h`, in its order (the same on the JVM and on Android).
#[repr(C)]
struct InvokeInterface {
    _reserved: [*mut c_void; 3],
    _destroy_java_vm: VmFn,
    _attach_current_thread: AttachFn,
    detach_current_thread: VmFn,
    get_env: GetEnvFn,
    attach_current_thread_as_daemon: AttachFn,
}

/// `JavaVMAttachArgs` of `jni.h`.
#[repr(C)]
struct AttachArgs {
    version: JInt,
    name: *const c_char,
    group: *mut c_void,
}

/// The VM Android's `SwipPlatform.init` handed over (null until then, and off Android).
static REMEMBERED_VM: AtomicPtr<JavaVm> = AtomicPtr::new(null_mut());

/// Keeps the VM a JNI entry point was called with, for the observer threads (Android before API
/// 31 does not export `JNI_GetCreatedJavaVMs` to apps).
#[cfg_attr(not(target_os = "android"), allow(dead_code))]
pub(crate) fn remember_vm(vm: *mut c_void) {
    REMEMBERED_VM.store(vm.cast(), Ordering::Release);
}

/// The process's JVM, if it has one.
fn process_vm() -> Option<*mut JavaVm> {
    let remembered = REMEMBERED_VM.load(Ordering::Acquire);
    if !remembered.is_null() {
        return Some(remembered);
    }
    if cfg!(target_vendor = "apple") {
        return None;
    }
    // SAFETY: dlsym with RTLD_DEFAULT and a NUL-terminated name only looks a symbol up.
    let symbol = unsafe { libc::dlsym(libc::RTLD_DEFAULT, c"JNI_GetCreatedJavaVMs".as_ptr()) };
    if symbol.is_null() {
        return None;
    }
    // SAFETY: the symbol is `JNI_GetCreatedJavaVMs`, whose C signature `GetCreatedVmsFn` is.
    let get_created: GetCreatedVmsFn = unsafe { std::mem::transmute(symbol) };
    let mut vm: *mut JavaVm = null_mut();
    let mut count: JInt = 0;
    // SAFETY: room for one VM pointer and a count, as the function's contract asks.
    let status = unsafe { get_created(&mut vm, 1, &mut count) };
    (status == JNI_OK && count >= 1 && !vm.is_null()).then_some(vm)
}

/// The current thread attached to the JVM under a name, until dropped (then detached). Must be
/// dropped on the thread that made it.
pub(crate) struct JvmThread {
    vm: *mut JavaVm,
}

impl JvmThread {
    /// Attaches the current thread as a daemon named `name`. `None` when the process has no JVM,
    /// the thread is attached already (then it is left as it is), or the JVM refuses.
    pub(crate) fn attach(name: &CStr) -> Option<JvmThread> {
        let vm = process_vm()?;
        let mut env: *mut c_void = null_mut();
        // SAFETY: `vm` is a live JavaVM (a JVM is never unloaded while code runs in it); the
        // function table is jni.h's; `env` and `args` outlive the calls.
        unsafe {
            let interface = &**vm;
            if (interface.get_env)(vm, &mut env, JNI_VERSION_1_6) == JNI_OK {
                return None;
            }
            let mut args = AttachArgs {
                version: JNI_VERSION_1_6,
                name: name.as_ptr(),
                group: null_mut(),
            };
            let status =
                (interface.attach_current_thread_as_daemon)(vm, &mut env, (&raw mut args).cast());
            (status == JNI_OK).then_some(JvmThread { vm })
        }
    }
}

impl Drop for JvmThread {
    fn drop(&mut self) {
        // SAFETY: made by `attach` on this thread, which is still attached.
        unsafe {
            ((**self.vm).detach_current_thread)(self.vm);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_without_a_jvm_attaches_nothing() {
        // `cargo test` runs no JVM: no VM is found and the thread goes on as it is.
        assert!(process_vm().is_none());
        assert!(JvmThread::attach(c"swip-observer").is_none());
    }
}
