use std::process::ExitCode;

fn main() -> ExitCode {
    match xtask::run(std::env::args_os()) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
