//! Measures how long the reader takes from start to its first frame, as a
//! person would see it: the real binary runs in a pseudo-terminal and the
//! clock stops when the screen shows the status bar's `? help`. Then it
//! types `q` and waits for the exit. Prints each run's time and the median.
//!
//! `cargo run --release --example first_frame -- [--runs N] -- WIKIREAD ARGS…`
//! (`WIKIREAD` is the binary to run.) The environment is passed on, so
//! `XDG_CACHE_HOME` chooses the index cache.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const USAGE: &str = "usage: first_frame [--runs N] -- WIKIREAD [ARGS...]";
const TIMEOUT: Duration = Duration::from_secs(600);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(split) = args.iter().position(|a| a == "--") else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let mut runs = 5usize;
    let mut options = args[..split].iter();
    while let Some(option) = options.next() {
        match (option.as_str(), options.next().map(|v| v.parse::<usize>())) {
            ("--runs", Some(Ok(n))) if n > 0 => runs = n,
            _ => {
                eprintln!("{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    let command = &args[split + 1..];
    if command.is_empty() {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut times = Vec::new();
    for run in 1..=runs {
        match first_frame(command) {
            Ok(elapsed) => {
                println!("run {run}: {:.1} ms", elapsed.as_secs_f64() * 1000.0);
                times.push(elapsed);
            }
            Err(err) => {
                eprintln!("first_frame: {err}");
                return ExitCode::from(1);
            }
        }
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "median of {runs}: {:.1} ms (min {:.1}, max {:.1})",
        median.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0
    );
    ExitCode::SUCCESS
}

/// One run: spawn, wait for `? help` on screen, quit.
fn first_frame(command: &[String]) -> Result<Duration, String> {
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .map_err(|e| e.to_string())?;
    let mut builder = CommandBuilder::new(&command[0]);
    builder.args(&command[1..]);
    builder.env("TERM", "xterm-256color");
    if let Ok(dir) = std::env::current_dir() {
        builder.cwd(dir);
    }
    let started = Instant::now();
    let mut child = pair
        .slave
        .spawn_command(builder)
        .map_err(|e| e.to_string())?;
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().map_err(|e| e.to_string())?;
    let mut writer = pair.master.take_writer().map_err(|e| e.to_string())?;
    let (Some(rows), Some(cols)) = (std::num::NonZero::new(30), std::num::NonZero::new(100)) else {
        return Err("a terminal size".into());
    };
    let parser = Arc::new(Mutex::new(vt100::Parser::new(rows, cols, 0)));
    let seen = Arc::new(Mutex::new(None::<Instant>));
    {
        let parser = Arc::clone(&parser);
        let seen = Arc::clone(&seen);
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut parser = parser.lock().unwrap_or_else(|e| e.into_inner());
                parser.process(&buf[..n]);
                let mut seen = seen.lock().unwrap_or_else(|e| e.into_inner());
                if seen.is_none() && parser.screen().contents().contains("? help") {
                    *seen = Some(Instant::now());
                }
            }
        });
    }
    let elapsed = loop {
        if let Some(at) = *seen.lock().unwrap_or_else(|e| e.into_inner()) {
            break at - started;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            return Err("no frame within the time limit".into());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("the reader exited first ({status:?})"));
        }
        std::thread::sleep(Duration::from_micros(200));
    };
    let _ = writer.write_all(b"q");
    let _ = writer.flush();
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Ok(Some(_)) = child.try_wait() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(elapsed)
}
