//! A pseudo-terminal harness: runs `wikiread` in a pty of a given size, feeds
//! everything it writes to a `vt100` parser (and keeps the raw bytes), types
//! keys, and waits for screen conditions. Nothing here sleeps for
//! correctness: every step waits for what the screen must show.

use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// How long any wait may take before the test fails: generous, so a loaded
/// machine makes tests slower, never red.
pub const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_millis(20);

pub const TAB: &str = "\t";
pub const SHIFT_TAB: &str = "\x1b[Z";
pub const ENTER: &str = "\r";
pub const BACKSPACE: &str = "\x7f";
pub const ESC: &str = "\x1b";

/// What the reader thread shares with the test.
struct Output {
    parser: vt100::Parser,
    raw: Vec<u8>,
}

/// `wikiread` running in a pseudo-terminal. Dropping it kills the child.
pub struct Tui {
    output: Arc<Mutex<Output>>,
    eof: Arc<AtomicBool>,
    master: Box<dyn MasterPty + Send>,
    writer: Option<Box<dyn Write + Send>>,
    child: Box<dyn Child + Send + Sync>,
    reader: Option<JoinHandle<()>>,
    exited: Option<ExitStatus>,
    _config: tempfile::TempDir,
}

impl Tui {
    /// Runs `wikiread ARGS` from the crate root in a `rows`×`cols` terminal.
    pub fn spawn(args: &[&str], rows: u16, cols: u16) -> Tui {
        Tui::spawn_in(Path::new(env!("CARGO_MANIFEST_DIR")), args, rows, cols)
    }

    /// Runs `wikiread ARGS` from `cwd` in a `rows`×`cols` terminal.
    pub fn spawn_in(cwd: &Path, args: &[&str], rows: u16, cols: u16) -> Tui {
        Tui::spawn_with(cwd, args, rows, cols, &[])
    }

    /// As [`Tui::spawn`], without building the full-text index first: the
    /// reader builds it in the background while the test runs.
    pub fn spawn_cold(args: &[&str], rows: u16, cols: u16) -> Tui {
        Tui::start(
            Path::new(env!("CARGO_MANIFEST_DIR")),
            args,
            rows,
            cols,
            &[],
            false,
        )
    }

    /// [`Tui::spawn`] with `env` set on top of the harness's environment.
    pub fn spawn_env(args: &[&str], rows: u16, cols: u16, env: &[(&str, &str)]) -> Tui {
        Tui::spawn_with(Path::new(env!("CARGO_MANIFEST_DIR")), args, rows, cols, env)
    }

    fn spawn_with(cwd: &Path, args: &[&str], rows: u16, cols: u16, env: &[(&str, &str)]) -> Tui {
        Tui::start(cwd, args, rows, cols, env, true)
    }

    /// Starts the reader. With `warm`, the corpus's full-text index is built
    /// first (by `wikiread search`, in the same cache), so no background
    /// build races with what the test looks at (a status bar showing the
    /// build's progress, a CPU or redraw count).
    fn start(
        cwd: &Path,
        args: &[&str],
        rows: u16,
        cols: u16,
        env: &[(&str, &str)],
        warm: bool,
    ) -> Tui {
        let pair = native_pty_system()
            .openpty(size(rows, cols))
            .expect("open a pty");
        // An empty configuration directory: no user keymap changes the keys.
        let config = tempfile::tempdir().expect("temp dir");
        // Only the samples (no corpus named): a test's own corpus may be
        // large, and is built as the test wants it.
        let names_a_corpus = args.first().is_some_and(|a| !a.starts_with('-'));
        if warm && !names_a_corpus {
            let mut search = std::process::Command::new(env!("CARGO_BIN_EXE_wikiread"));
            search.arg("search").arg("x");
            // A corpus that does not open is the test's business, not this.
            let _ = search
                .current_dir(cwd)
                .env("XDG_CONFIG_HOME", config.path())
                .env("XDG_STATE_HOME", config.path().join("state"))
                .env("XDG_CACHE_HOME", config.path().join("cache"))
                .env("HOME", config.path().join("home"))
                .envs(env.iter().copied())
                .stdin(std::process::Stdio::null())
                .output();
        }
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_wikiread"));
        cmd.args(args);
        cmd.cwd(cwd);
        cmd.env("TERM", "xterm-256color");
        cmd.env("XDG_CONFIG_HOME", config.path());
        // Sessions and the corpus index stay in this run's own directories.
        cmd.env("XDG_STATE_HOME", config.path().join("state"));
        cmd.env("XDG_CACHE_HOME", config.path().join("cache"));
        // English, whatever the machine's locale (tests of Chinese ask).
        cmd.env("LC_ALL", "C.UTF-8");
        cmd.env_remove("LC_MESSAGES");
        cmd.env_remove("LANG");
        // And anything that falls back to the home directory.
        cmd.env("HOME", config.path().join("home"));
        for (name, value) in env {
            cmd.env(name, value);
        }
        cmd.env_remove("NO_COLOR");
        let child = pair.slave.spawn_command(cmd).expect("spawn wikiread");
        // Only the child may hold the slave: then reads end when it exits.
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("pty reader");
        let writer = pair.master.take_writer().expect("pty writer");
        let output = Arc::new(Mutex::new(Output {
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            raw: Vec::new(),
        }));
        let eof = Arc::new(AtomicBool::new(false));
        let reader = {
            let output = Arc::clone(&output);
            let eof = Arc::clone(&eof);
            std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                loop {
                    match reader.read(&mut buf) {
                        Ok(0) | Err(_) => break,
                        Ok(n) => {
                            let mut out = output.lock().unwrap_or_else(|e| e.into_inner());
                            out.parser.process(&buf[..n]);
                            out.raw.extend_from_slice(&buf[..n]);
                        }
                    }
                }
                eof.store(true, Ordering::SeqCst);
            })
        };
        Tui {
            output,
            eof,
            master: pair.master,
            writer: Some(writer),
            child,
            reader: Some(reader),
            exited: None,
            _config: config,
        }
    }

    fn lock(&self) -> MutexGuard<'_, Output> {
        self.output.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Types `keys` (raw bytes, as a terminal sends them).
    pub fn send(&mut self, keys: &str) {
        let writer = self.writer.as_mut().expect("the pty is open");
        writer.write_all(keys.as_bytes()).expect("write to the pty");
        writer.flush().expect("flush the pty");
    }

    /// The screen now.
    pub fn screen(&self) -> vt100::Screen {
        self.lock().parser.screen().clone()
    }

    /// Everything the program wrote so far.
    pub fn raw(&self) -> Vec<u8> {
        self.lock().raw.clone()
    }

    fn raw_len(&self) -> usize {
        self.lock().raw.len()
    }

    /// Waits until `cond` holds on a settled screen (no output for one poll
    /// interval, so a frame is never judged half drawn) and returns it.
    /// Fails with `what` and the last screen after [`TIMEOUT`].
    pub fn wait_for(&self, what: &str, cond: impl Fn(&vt100::Screen) -> bool) -> vt100::Screen {
        self.wait_for_after(what, 0, cond)
    }

    /// Like [`Tui::wait_for`], also requiring more than `after` bytes of output.
    fn wait_for_after(
        &self,
        what: &str,
        after: usize,
        cond: impl Fn(&vt100::Screen) -> bool,
    ) -> vt100::Screen {
        let start = Instant::now();
        let mut last_len = usize::MAX;
        loop {
            let (screen, len) = {
                let out = self.lock();
                (out.parser.screen().clone(), out.raw.len())
            };
            if len > after && len == last_len && cond(&screen) {
                return screen;
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "timed out after {TIMEOUT:?} waiting for {what}; the screen:\n{}",
                    show(&screen)
                );
            }
            last_len = len;
            std::thread::sleep(POLL);
        }
    }

    /// Waits until `needle` is on the screen.
    pub fn wait_text(&self, needle: &str) -> vt100::Screen {
        self.wait_for(&format!("{needle:?} on screen"), |s| {
            s.contents().contains(needle)
        })
    }

    /// Types `keys` and waits until the program has drawn something in
    /// answer and the screen is settled.
    pub fn press(&mut self, keys: &str) -> vt100::Screen {
        let before = self.raw_len();
        self.send(keys);
        self.wait_for_after(&format!("a redraw after {keys:?}"), before, |_| true)
    }

    /// Resizes the terminal (the parser first, so the answer is drawn at the new size).
    pub fn resize(&mut self, rows: u16, cols: u16) {
        let mut out = self.output.lock().unwrap_or_else(|e| e.into_inner());
        out.parser.set_size(nz(rows), nz(cols));
        self.master
            .resize(size(rows, cols))
            .expect("resize the pty");
    }

    /// The reader's state directory (`XDG_STATE_HOME`) in this run.
    pub fn state_dir(&self) -> std::path::PathBuf {
        self._config.path().join("state")
    }

    pub fn pid(&self) -> u32 {
        self.child.process_id().expect("the child's pid")
    }

    /// Sends `signal` (`TERM`, `HUP`, …) to the child.
    pub fn signal(&self, signal: &str) {
        let status = std::process::Command::new("kill")
            .args([&format!("-{signal}"), &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{signal} failed");
    }

    /// Waits for the child to exit and for all its output to be read.
    pub fn wait_exit(&mut self) -> ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                self.exited = Some(status);
                break;
            }
            if start.elapsed() > TIMEOUT {
                panic!(
                    "wikiread did not exit within {TIMEOUT:?}; the screen:\n{}",
                    show(&self.screen())
                );
            }
            std::thread::sleep(POLL);
        }
        while !self.eof.load(Ordering::SeqCst) {
            assert!(
                start.elapsed() < TIMEOUT,
                "the pty was not closed after wikiread exited"
            );
            std::thread::sleep(POLL);
        }
        self.exited.clone().expect("exited")
    }

    /// The pty's local modes (`ICANON`, `ECHO`, …) as `Debug` text: raw mode
    /// clears `ICANON` and `ECHO`.
    pub fn local_modes(&self) -> String {
        let termios = self.master.get_termios().expect("termios of the pty");
        format!("{:?}", termios.local_flags)
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.exited.is_none() && matches!(self.child.try_wait(), Ok(None)) {
            // SIGHUP, then SIGKILL if it lingers.
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        drop(self.writer.take());
        if let Some(reader) = self.reader.take()
            && self.eof.load(Ordering::SeqCst)
        {
            let _ = reader.join();
        }
    }
}

fn size(rows: u16, cols: u16) -> PtySize {
    PtySize {
        rows,
        cols,
        pixel_width: 0,
        pixel_height: 0,
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n).expect("a terminal size is positive")
}

/// The screen's rows as text.
pub fn rows(screen: &vt100::Screen) -> Vec<String> {
    let (_, cols) = screen.size();
    screen.rows(0, cols.get()).collect()
}

/// The last row: the status bar.
pub fn status(screen: &vt100::Screen) -> String {
    rows(screen).pop().unwrap_or_default()
}

/// The status bar's position part, `NN% line/total`.
pub fn position(status: &str) -> Option<String> {
    let words: Vec<&str> = status.split_whitespace().collect();
    words.windows(2).find_map(|w| {
        let percent = w[0].strip_suffix('%')?;
        let (line, total) = w[1].split_once('/')?;
        let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        (digits(percent) && digits(line) && digits(total)).then(|| format!("{} {}", w[0], w[1]))
    })
}

/// True when some cell of row `row` is drawn in reverse video.
pub fn row_has_inverse(screen: &vt100::Screen, row: u16) -> bool {
    let (_, cols) = screen.size();
    (0..cols.get()).any(|col| screen.cell(row, col).is_some_and(|c| c.inverse()))
}

/// The screen with row numbers, for failure messages.
pub fn show(screen: &vt100::Screen) -> String {
    rows(screen)
        .iter()
        .enumerate()
        .map(|(i, row)| format!("{i:2}|{row}\n"))
        .collect()
}
