//! `size-report <unstripped.so> [<stripped.so>...]`: what a library's bytes are. Sections of each
//! library (`size -A`), then the unstripped one's code and read-only data attributed to crates
//! by symbol (`nm -S -C`), and its largest functions. cargo-bloat does the same for binaries
//! but refuses a crate that is also a `lib` and a `staticlib`, as swip-ffi is.

use std::collections::HashMap;
use std::process::Command;

use crate::stats::fmt_int;

/// One symbol of `nm -S -C --defined-only`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// Bytes.
    pub size: u64,
    /// True for code (`t`/`T`/`w`/`W`), false for read-only data (`r`/`R`).
    pub code: bool,
    /// The demangled name.
    pub name: String,
}

/// Parses `nm -S -C --defined-only` output (code and read-only data only).
pub fn parse_nm(output: &str) -> Vec<Symbol> {
    output
        .lines()
        .filter_map(|line| {
            let mut parts = line.splitn(4, ' ');
            let _address = parts.next()?;
            let size = u64::from_str_radix(parts.next()?, 16).ok()?;
            let code = match parts.next()? {
                "t" | "T" | "w" | "W" => true,
                "r" | "R" => false,
                _ => return None,
            };
            Some(Symbol {
                size,
                code,
                name: parts.next()?.to_owned(),
            })
        })
        .collect()
}

/// The crate a symbol belongs to: the type of an impl (`<T as Trait>::f` → T's crate unless T
/// is from the standard library), the type of a `drop_in_place<T>`, else the path's first
/// segment. `std` stands for core/alloc/std; C and assembly symbols are grouped by library.
pub fn crate_of(name: &str) -> String {
    if name.starts_with("ring_core_") || name.starts_with("ecp_nistz256") {
        return "ring (C and assembly)".into();
    }
    let Some(path) = first_path(name) else {
        return "[C, libc, linker]".into();
    };
    let krate = path.split("::").next().unwrap_or(path);
    let is_std = matches!(krate, "core" | "alloc" | "std" | "compiler_builtins");
    if is_std {
        // `core::ptr::drop_in_place<swip_core::…>` and `<core::pin::Pin<P> as …>` belong to what
        // they are about, when that is not std itself.
        if let Some(inner) = name.find('<').map(|i| &name[i + 1..])
            && let Some(inner_path) = first_path(inner)
        {
            let inner_crate = inner_path.split("::").next().unwrap_or(inner_path);
            if !matches!(inner_crate, "core" | "alloc" | "std" | "compiler_builtins") {
                return inner_crate.to_owned();
            }
        }
        return "std".into();
    }
    krate.to_owned()
}

/// The first `a::b` path in `text`, after `<`, `&`, `mut`, `dyn` and the like.
fn first_path(text: &str) -> Option<&str> {
    let mut rest = text;
    loop {
        rest = rest.trim_start_matches(['<', '&', '*', '[', '(', ' ']);
        let stripped = ["mut ", "const ", "dyn "]
            .iter()
            .find_map(|prefix| rest.strip_prefix(prefix));
        match stripped {
            Some(after) => rest = after,
            None => break,
        }
    }
    let end = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .unwrap_or(rest.len());
    let path = &rest[..end];
    path.contains("::").then_some(path)
}

fn run(command: &mut Command) -> Result<String, String> {
    let output = command.output().map_err(|e| format!("{command:?}: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "{command:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// Section sizes (`size -A`) of a library, by name.
fn sections(path: &str) -> Result<HashMap<String, u64>, String> {
    let text = run(Command::new("size").args(["-A", path]))?;
    Ok(text
        .lines()
        .filter_map(|line| {
            let mut words = line.split_whitespace();
            let name = words.next()?;
            let size = words.next()?.parse().ok()?;
            name.starts_with('.').then(|| (name.to_owned(), size))
        })
        .collect())
}

/// Prints the report: sections of every library given (`label=path`), then crates and
/// functions of the unstripped one.
pub fn report(unstripped: &str, libraries: &[(String, String)], top: usize) -> Result<(), String> {
    let groups: [(&str, &[&str]); 6] = [
        ("code (`.text`)", &[".text"]),
        ("read-only data (`.rodata`)", &[".rodata"]),
        (
            "unwind tables (`.eh_frame`, `.eh_frame_hdr`, `.gcc_except_table`)",
            &[".eh_frame", ".eh_frame_hdr", ".gcc_except_table"],
        ),
        (
            "relocations (`.rela.dyn`)",
            &[".rela.dyn", ".relr.dyn", ".rela.plt"],
        ),
        (
            "relocated data (`.data.rel.ro`, `.got`, `.data`)",
            &[".data.rel.ro", ".got", ".data", ".init_array"],
        ),
        (
            "symbols exported (`.dynsym`, `.dynstr`, hashes)",
            &[".dynsym", ".dynstr", ".gnu.hash", ".gnu.version"],
        ),
    ];
    let all: Vec<HashMap<String, u64>> = libraries
        .iter()
        .map(|(_, path)| sections(path))
        .collect::<Result<_, _>>()?;
    print!("| section |");
    for (label, _) in libraries {
        print!(" {label} |");
    }
    println!();
    println!("|---|{}", "---|".repeat(libraries.len()));
    for (label, names) in groups {
        print!("| {label} |");
        for sections in &all {
            let bytes: u64 = names.iter().filter_map(|n| sections.get(*n)).sum();
            print!(" {} |", fmt_int(bytes));
        }
        println!();
    }
    print!("| **file** |");
    for (_, path) in libraries {
        let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
        print!(" **{}** |", fmt_int(bytes));
    }
    println!("\n");

    let symbols = parse_nm(&run(Command::new("nm").args([
        "-S",
        "-C",
        "--defined-only",
        unstripped,
    ]))?);
    let mut by_crate: HashMap<String, (u64, u64)> = HashMap::new();
    for symbol in &symbols {
        let entry = by_crate.entry(crate_of(&symbol.name)).or_default();
        if symbol.code {
            entry.0 += symbol.size;
        } else {
            entry.1 += symbol.size;
        }
    }
    let code_total: u64 = by_crate.values().map(|(code, _)| code).sum();
    let mut crates: Vec<(String, (u64, u64))> = by_crate.into_iter().collect();
    crates.sort_by(|a, b| b.1.0.cmp(&a.1.0).then_with(|| a.0.cmp(&b.0)));
    println!("| crate | code | share of code | read-only data |\n|---|---|---|---|");
    let mut rest = (0u64, 0u64, 0usize);
    for (i, (name, (code, data))) in crates.iter().enumerate() {
        if i < top {
            println!(
                "| {name} | {} | {:.1} % | {} |",
                fmt_int(*code),
                *code as f64 * 100.0 / code_total.max(1) as f64,
                fmt_int(*data)
            );
        } else {
            rest = (rest.0 + code, rest.1 + data, rest.2 + 1);
        }
    }
    if rest.2 > 0 {
        println!(
            "| {} other crates | {} | {:.1} % | {} |",
            rest.2,
            fmt_int(rest.0),
            rest.0 as f64 * 100.0 / code_total.max(1) as f64,
            fmt_int(rest.1)
        );
    }
    println!(
        "| **all code with a symbol** | **{}** | | |\n",
        fmt_int(code_total)
    );

    let mut functions: Vec<&Symbol> = symbols.iter().filter(|s| s.code).collect();
    functions.sort_by_key(|f| std::cmp::Reverse(f.size));
    println!("| largest functions | bytes |\n|---|---|");
    for symbol in functions.iter().take(12) {
        let mut name: String = symbol.name.chars().take(110).collect();
        if name.len() < symbol.name.len() {
            name.push('…');
        }
        println!(
            "| `{}` | {} |",
            name.replace('|', "\\|"),
            fmt_int(symbol.size)
        );
    }
    println!();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_go_to_their_crates() {
        assert_eq!(crate_of("swip_core::journey::update::update"), "swip_core");
        assert_eq!(
            crate_of(
                "<&mut serde_json::de::Deserializer<R> as serde_core::de::Deserializer>::deserialize_struct"
            ),
            "serde_json"
        );
        assert_eq!(
            crate_of("<core::pin::Pin<P> as core::future::future::Future>::poll"),
            "std"
        );
        assert_eq!(
            crate_of("core::ptr::drop_in_place<swip_core::wallet::Inner>"),
            "swip_core"
        );
        assert_eq!(
            crate_of("ring_core_0_17_14__k25519Precomp"),
            "ring (C and assembly)"
        );
        assert_eq!(crate_of("memcpy"), "[C, libc, linker]");
        assert_eq!(
            crate_of("<std::backtrace_rs::symbolize::gimli::Cache>::with_global"),
            "std"
        );
    }

    #[test]
    fn nm_lines_parse() {
        let text = "0000000000001000 0000000000000010 T swip_ffi::f\n0000000000002000 0000000000000020 r table\n0000000000003000 0000000000000004 b bss\nbad line\n";
        assert_eq!(
            parse_nm(text),
            vec![
                Symbol {
                    size: 16,
                    code: true,
                    name: "swip_ffi::f".into()
                },
                Symbol {
                    size: 32,
                    code: false,
                    name: "table".into()
                },
            ]
        );
    }
}
