//! Measures the reader as a person sees it: the real binary runs in a
//! pseudo-terminal, and the clock reads the screen.
//!
//! - Start to first frame: the clock stops when the screen shows the status
//!   bar's `? help`. Prints each run's time and the median.
//! - With `--type TEXT`: `--wait` seconds (default 3) after the first
//!   frame, it opens the finder (`Ctrl-p`), waits for it to settle, then types TEXT one character at a
//!   time; each keystroke is timed from the write to the screen showing
//!   its results (the rows below the query line change; the settled time
//!   when they stay the same), and to the last byte of the settled screen
//!   (results, exact count and the preview of the first result; settled
//!   when nothing more comes for 50 ms).
//!   Prints each keystroke's times and the 50th and 90th percentiles.
//!
//! Then it types `q` (after `Esc`) and waits for the exit.
//!
//! `cargo run --release --example first_frame -- [--runs N] [--type TEXT] -- WIKIREAD ARGS…`
//! (`WIKIREAD` is the binary to run.) The environment is passed on, so
//! `XDG_CACHE_HOME` chooses the index cache.

use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const USAGE: &str =
    "usage: first_frame [--runs N] [--type TEXT] [--wait SECONDS] -- WIKIREAD [ARGS...]";
/// A typed character, the time to its results on screen, the time to the
/// settled screen.
type KeyTimes = (char, Duration, Duration);

/// Output quiet for this long means the screen is settled.
const SETTLED: Duration = Duration::from_millis(50);
const TIMEOUT: Duration = Duration::from_secs(600);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(split) = args.iter().position(|a| a == "--") else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    let mut runs = 5usize;
    let mut typed: Option<String> = None;
    let mut wait = Duration::from_secs(3);
    let mut options = args[..split].iter();
    while let Some(option) = options.next() {
        match (option.as_str(), options.next()) {
            ("--runs", Some(n)) if n.parse::<usize>().is_ok_and(|n| n > 0) => {
                runs = n.parse().unwrap_or(1)
            }
            ("--type", Some(text)) if !text.is_empty() => typed = Some(text.clone()),
            ("--wait", Some(n)) if n.parse::<u64>().is_ok() => {
                wait = Duration::from_secs(n.parse().unwrap_or(3))
            }
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
    let mut keystrokes = Vec::new();
    let mut shown_times = Vec::new();
    for run in 1..=runs {
        match first_frame(command, typed.as_deref(), wait) {
            Ok((elapsed, keys)) => {
                println!("run {run}: {:.1} ms", elapsed.as_secs_f64() * 1000.0);
                for (c, shown, settled) in &keys {
                    println!(
                        "  {c}: results {:.1} ms, settled {:.1} ms",
                        shown.as_secs_f64() * 1000.0,
                        settled.as_secs_f64() * 1000.0
                    );
                }
                shown_times.extend(keys.iter().map(|k| k.1));
                keystrokes.extend(keys.into_iter().map(|k| k.2));
                times.push(elapsed);
            }
            Err(err) => {
                eprintln!("first_frame: {err}");
                return ExitCode::from(1);
            }
        }
    }
    for (what, mut list) in [
        ("keystroke to its results on screen", shown_times),
        ("keystroke to settled screen", keystrokes),
    ] {
        if list.is_empty() {
            continue;
        }
        list.sort();
        let at = |share: f64| {
            let index = ((list.len() as f64 * share).ceil() as usize).clamp(1, list.len());
            list[index - 1].as_secs_f64() * 1000.0
        };
        println!(
            "{what}, {} keystrokes: p50 {:.1} ms, p90 {:.1} ms, max {:.1} ms",
            list.len(),
            at(0.5),
            at(0.9),
            at(1.0)
        );
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

/// One run: spawn, wait for `? help` on screen, type, quit.
fn first_frame(
    command: &[String],
    typed: Option<&str>,
    wait: Duration,
) -> Result<(Duration, Vec<KeyTimes>), String> {
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
    let last_output = Arc::new(Mutex::new(Instant::now()));
    {
        let parser = Arc::clone(&parser);
        let seen = Arc::clone(&seen);
        let last_output = Arc::clone(&last_output);
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                *last_output.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
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
    let last = || *last_output.lock().unwrap_or_else(|e| e.into_inner());
    // The time from `sent` to the last output before the screen settles.
    let settle = |sent: Instant| -> Duration {
        loop {
            std::thread::sleep(Duration::from_micros(500));
            let at = last();
            // Settled: something came after the keystroke and then nothing
            // for a while (or nothing came at all within a second).
            let answered = at > sent && at.elapsed() >= SETTLED;
            if answered || sent.elapsed() > Duration::from_secs(1) && at < sent {
                return at.saturating_duration_since(sent);
            }
            if sent.elapsed() > Duration::from_secs(30) {
                return sent.elapsed();
            }
        }
    };
    let mut keys = Vec::new();
    if let Some(text) = typed {
        // The reader builds the finder's index behind its first frame:
        // keystrokes are timed once it has had the time to.
        std::thread::sleep(wait);
        settle(Instant::now());
        let _ = writer.write_all(b"\x10"); // Ctrl-p
        let _ = writer.flush();
        std::thread::sleep(Duration::from_millis(200));
        settle(Instant::now());
        // The rows below the query line: the results and the preview.
        let below_query = || -> Vec<String> {
            let parser = parser.lock().unwrap_or_else(|e| e.into_inner());
            parser
                .screen()
                .contents()
                .lines()
                .skip(3)
                .map(str::to_string)
                .collect()
        };
        for c in text.chars() {
            let mut bytes = [0u8; 4];
            let before = below_query();
            let sent = Instant::now();
            let _ = writer.write_all(c.encode_utf8(&mut bytes).as_bytes());
            let _ = writer.flush();
            // First the new results on screen, then the settled screen.
            let mut shown = None;
            while sent.elapsed() < Duration::from_secs(1) {
                if below_query() != before {
                    shown = Some(sent.elapsed());
                    break;
                }
                std::thread::sleep(Duration::from_micros(200));
            }
            let settled = settle(sent);
            keys.push((c, shown.unwrap_or(settled).min(settled), settled));
        }
        if let Some(pid) = child.process_id() {
            // Resident memory now and at its highest, as the kernel counts it.
            let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
            let field = |name: &str| {
                status
                    .lines()
                    .find(|l| l.starts_with(name))
                    .and_then(|l| l.split_whitespace().nth(1))
                    .and_then(|kb| kb.parse::<u64>().ok())
                    .map_or(0, |kb| kb / 1024)
            };
            println!(
                "  resident after typing: {} MB (highest {} MB; now {} MB anonymous, {} MB of files)",
                field("VmRSS:"),
                field("VmHWM:"),
                field("RssAnon:"),
                field("RssFile:")
            );
        }
        if std::env::var_os("FIRST_FRAME_SHOW").is_some() {
            let parser = parser.lock().unwrap_or_else(|e| e.into_inner());
            eprintln!("{}", parser.screen().contents());
        }
        let _ = writer.write_all(b"\x1b");
        let _ = writer.flush();
        std::thread::sleep(Duration::from_millis(100));
    }
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
    Ok((elapsed, keys))
}
