use std::process::ExitCode;

// Generation allocates and frees many small token trees; mimalloc is markedly faster at that
// than the system allocator (see docs/bench-results.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match xtask::run(std::env::args_os()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
