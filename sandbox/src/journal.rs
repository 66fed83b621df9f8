//! The request journal of `GET /sandbox/journal`: method, path and status of every request but
//! those to `/sandbox/` itself (which would drown what a test wants to see).

use std::collections::VecDeque;

use crate::control::JournalEntry;

/// Requests at most kept; the oldest go first.
pub const CAPACITY: usize = 100_000;

/// The journal.
#[derive(Debug, Default)]
pub struct Journal {
    entries: VecDeque<JournalEntry>,
}

impl Journal {
    /// Records a request.
    pub fn record(&mut self, entry: JournalEntry) {
        if self.entries.len() >= CAPACITY {
            self.entries.pop_front();
        }
        self.entries.push_back(entry);
    }

    /// Every request recorded, oldest first.
    pub fn entries(&self) -> Vec<JournalEntry> {
        self.entries.iter().cloned().collect()
    }

    /// Forgets everything.
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}

/// True for paths the journal and fault injection leave alone.
pub fn is_control_path(path: &str) -> bool {
    path == "/sandbox" || path.starts_with("/sandbox/")
}
