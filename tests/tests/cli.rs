//! `cargo xtask` as a user types it: help on standard output with exit 0, usage errors said once
//! with exit 2, each default shown once, and a refused connection reported at once.

use std::process::{Command, Output};

use altinn_tests::shared::workspace_root;

/// Runs the real `cargo xtask …` (the alias of `.cargo/config.toml`) in the workspace.
fn xtask(args: &[&str]) -> Output {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .arg("xtask")
        .args(args)
        .current_dir(workspace_root())
        .output()
        .expect("cargo runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const SUBCOMMANDS: &[&str] =
    &["fetch", "regen", "corpus", "w3c", "openapi-lint", "cors-check", "bench", "relock", "fuzz", "migration-report"];

#[test]
fn help_goes_to_stdout_with_exit_zero() {
    for args in std::iter::once(vec!["--help"]).chain(SUBCOMMANDS.iter().map(|c| vec![*c, "--help"])) {
        let out = xtask(&args);
        let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(0), "cargo xtask {args:?}: exit 0\nstdout: {stdout}\nstderr: {stderr}");
        assert!(stdout.contains("Usage:"), "cargo xtask {args:?}: help on stdout: {stdout}");
        assert!(stderr.trim().is_empty(), "cargo xtask {args:?}: nothing on stderr: {stderr}");
        for line in stdout.lines() {
            assert!(line.matches("[default:").count() <= 1, "cargo xtask {args:?}: a default shown twice: {line}");
        }
    }
}

#[test]
fn usage_errors_are_said_once_with_exit_two() {
    let out = xtask(&["regen", "--no-such-flag"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "usage error exits 2: {stderr}");
    assert!(stderr.starts_with("error: unexpected argument"), "clap's message, once: {stderr}");
    assert!(!stderr.contains("error: error:"), "the error prefix is not doubled: {stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn a_refused_connection_fails_at_once_naming_the_url_once() {
    // A port that was just free: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir = tempfile::tempdir().unwrap();
    let base = format!("http://127.0.0.1:{port}/api/");
    let out_dir = dir.path().join("snapshot");
    let out = xtask(&["fetch", "--base-url", &base, "--out", out_dir.to_str().unwrap(), "--no-openapi", "--progress", "log"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a failed fetch exits 1: {stderr}");
    assert!(!out_dir.exists(), "nothing is written");
    let error = stderr.lines().find(|l| l.starts_with("error:")).unwrap_or_else(|| panic!("an error line: {stderr}"));
    assert!(error.contains("cannot connect"), "{error}");
    assert_eq!(error.matches(&format!("127.0.0.1:{port}")).count(), 1, "the URL once: {error}");
    assert!(!stderr.contains("retry"), "a refused connection is not retried: {stderr}");
}
