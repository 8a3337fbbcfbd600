//! `aio-crm`: the headless command line of AIO Agency CRM. Every command is a thin edge
//! over `aio-core`, acting as the local profile's user in its active organisation (or
//! `--org`), exactly as the desktop app does. This file parses and dispatches; each group
//! of commands is a file of [`commands`].

mod commands;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;

/// mimalloc rather than the system allocator: a new device's first sync allocates and
/// frees millions of small values across threads (rows decoded on one, stored on
/// another, freed on a third); with mimalloc the 100k-contact bootstrap takes about 15%
/// less CPU (measured with `aio-crm sync`, see ARCHITECTURE.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "aio-crm",
    version,
    about = "AIO Agency CRM from the command line"
)]
struct Cli {
    /// Database file [default: the desktop app's own database]
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    /// Organisation to act in (id or slug) [default: the active one]
    #[arg(long, global = true, value_name = "ORG")]
    org: Option<String>,
    #[command(subcommand)]
    command: commands::Command,
}

fn main() -> ExitCode {
    // Warnings and errors on standard error; RUST_LOG asks for more (`RUST_LOG=debug
    // aio-crm serve ...`). Secrets never reach a log line at any level (tested).
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn")),
        )
        .with_writer(std::io::stderr)
        .init();
    let cli = Cli::parse();
    let context = commands::Context {
        db: cli.db,
        org: cli.org,
    };
    match commands::run(&context, cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_invitation_code_may_start_with_a_hyphen() {
        // Codes are base64url: about one in 64 starts with '-'.
        let cli = Cli::try_parse_from([
            "aio-crm",
            "login",
            "--server",
            "http://127.0.0.1:1",
            "--email",
            "v@x.test",
            "--signup",
            "Vera",
            "--invite",
            "-Y0vO2fPSN6qW",
        ]);
        assert!(cli.is_ok(), "{:?}", cli.err());
    }
}
