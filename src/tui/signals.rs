//! Signals sent to the reader from outside: every one that would end it
//! (SIGTERM, SIGHUP when an SSH connection drops, SIGINT, SIGQUIT) saves
//! the reading place and restores the terminal before it exits with 128 +
//! the signal; SIGTSTP gives the terminal back, stops, and on `fg` takes
//! the terminal again and has the screen drawn anew.
//!
//! While the event loop runs, a signal reaches it as a wake-up and it does
//! the work (the session is its state); otherwise (the opening screen) the
//! watching thread does it. This module never touches the reader's state.

use super::wakeups::Wake;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicI32, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// The event loop's queue, while it runs.
static ROUTE: Mutex<Option<Sender<Wake>>> = Mutex::new(None);
/// The signal that ended the reader (0: none).
static ENDED_BY: AtomicI32 = AtomicI32::new(0);
/// Set when the reader came back from a stop: the screen must be drawn whole.
static RESUMED: AtomicBool = AtomicBool::new(false);

/// How long the event loop has to save and restore before the watching
/// thread restores the terminal and exits by itself.
const GRACE: Duration = Duration::from_secs(10);

/// Starts the thread that watches for signals.
pub fn watch() {
    let Ok(mut signals) =
        signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT, SIGTSTP])
    else {
        return;
    };
    let _ = std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let routed = route().is_some_and(|route| {
                    let wake = match signal {
                        SIGTSTP => Wake::Suspend,
                        _ => Wake::Signal(signal),
                    };
                    route.send(wake).is_ok()
                });
                if signal == SIGTSTP {
                    if !routed {
                        suspend();
                    }
                    continue;
                }
                ENDED_BY.store(signal, Ordering::SeqCst);
                if routed {
                    // The loop saves the place, restores and exits.
                    std::thread::sleep(GRACE);
                }
                super::restore();
                std::process::exit(128 + signal);
            }
        });
}

/// The event loop's queue, if it runs.
fn route() -> Option<Sender<Wake>> {
    ROUTE.lock().unwrap_or_else(|p| p.into_inner()).clone()
}

/// Sends signals to the event loop's queue until dropped.
pub struct Routed;

impl Drop for Routed {
    fn drop(&mut self) {
        *ROUTE.lock().unwrap_or_else(|p| p.into_inner()) = None;
    }
}

/// Makes signals wake-ups of the event loop fed by `sender`.
pub fn route_to(sender: Sender<Wake>) -> Routed {
    *ROUTE.lock().unwrap_or_else(|p| p.into_inner()) = Some(sender);
    Routed
}

/// The signal that ended the reader, if one did.
pub fn ended_by() -> Option<i32> {
    match ENDED_BY.load(Ordering::SeqCst) {
        0 => None,
        signal => Some(signal),
    }
}

/// Records that `signal` ends the reader (the loop got it first).
pub fn end_by(signal: i32) {
    ENDED_BY.store(signal, Ordering::SeqCst);
}

/// Gives the terminal back, stops until continued (`fg`), then takes the
/// terminal again; the next frame must be drawn whole (see [`take_resumed`]).
pub fn suspend() {
    super::restore();
    let _ = signal_hook::low_level::raise(signal_hook::consts::SIGSTOP);
    super::take_terminal_again();
    RESUMED.store(true, Ordering::SeqCst);
}

/// True once after the reader came back from a stop.
pub fn take_resumed() -> bool {
    RESUMED.swap(false, Ordering::SeqCst)
}
