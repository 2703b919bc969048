//! Which of the console's tabs on a project reads for all: the one that leads says so every
//! [`BEAT_MS`] on the tabs' channel; a tab that heard no leader for [`QUIET_MS`] (none was
//! there, or it closed without a word) takes the lead; a leader that closes says so and the
//! others take over at once. Two tabs that lead at once both hear the other: the one with the
//! larger number gives way. Pure: the reading drives it with the clock and the messages.

/// How often a leading tab says so (ms).
pub const BEAT_MS: i64 = 2_000;
/// How long without a word from a leader before a tab takes the lead (ms).
pub const QUIET_MS: i64 = 5_000;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Lead {
    /// This tab's number (random: tabs do not know each other's).
    pub me: u64,
    leading: bool,
    /// When a leader was last heard (or this tab began).
    heard_at: i64,
    /// When this tab last said it leads.
    beat_at: i64,
}

impl Lead {
    pub fn new(me: u64, now: i64) -> Lead {
        Lead { me, leading: false, heard_at: now, beat_at: i64::MIN }
    }

    pub fn leading(&self) -> bool {
        self.leading
    }

    /// Every second: whether to say now that this tab leads (taking the lead if no leader was
    /// heard for [`QUIET_MS`]).
    pub fn tick(&mut self, now: i64) -> bool {
        if !self.leading && now.saturating_sub(self.heard_at) >= QUIET_MS {
            self.leading = true;
            self.beat_at = i64::MIN;
        }
        if self.leading && now.saturating_sub(self.beat_at) >= BEAT_MS {
            self.beat_at = now;
            return true;
        }
        false
    }

    /// Tab `tab` said it leads.
    pub fn heard(&mut self, tab: u64, now: i64) {
        if tab == self.me || (self.leading && tab > self.me) {
            return;
        }
        self.leading = false;
        self.heard_at = now;
    }

    /// The leading tab `tab` closed: the lead is taken at the next tick.
    pub fn gone(&mut self, tab: u64) {
        if tab != self.me && !self.leading {
            self.heard_at = i64::MIN;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tabs that hear each other's beats at once; `run` moves them a second at a time and says
    /// which lead after each second.
    struct Tabs(Vec<Option<Lead>>);

    impl Tabs {
        fn second(&mut self, now: i64) {
            let mut said = Vec::new();
            for t in self.0.iter_mut().flatten() {
                if t.tick(now) {
                    said.push(t.me);
                }
            }
            for me in said {
                for t in self.0.iter_mut().flatten() {
                    t.heard(me, now);
                }
            }
        }

        fn leaders(&self) -> Vec<u64> {
            self.0.iter().flatten().filter(|t| t.leading()).map(|t| t.me).collect()
        }

        fn close(&mut self, i: usize) {
            let t = self.0[i].take().unwrap();
            if t.leading() {
                for o in self.0.iter_mut().flatten() {
                    o.gone(t.me);
                }
            }
        }
    }

    #[test]
    fn one_tab_leads_and_another_takes_over_when_it_closes() {
        let mut tabs = Tabs(vec![Some(Lead::new(30, 0)), Some(Lead::new(10, 0)), Some(Lead::new(20, 0))]);
        for s in 1..5 {
            tabs.second(s * 1000);
            assert!(tabs.leaders().is_empty(), "nobody before {QUIET_MS} ms of quiet");
        }
        // All take the lead at once; the smallest number keeps it.
        tabs.second(5000);
        assert_eq!(tabs.leaders(), [10]);
        for s in 6..30 {
            tabs.second(s * 1000);
            assert_eq!(tabs.leaders(), [10], "second {s}");
        }
        // The leader closes with a word: another leads at the next second.
        tabs.close(1);
        tabs.second(30_000);
        assert_eq!(tabs.leaders(), [20]);
        // A tab opened later follows.
        tabs.0.push(Some(Lead::new(5, 30_000)));
        for s in 31..60 {
            tabs.second(s * 1000);
            assert_eq!(tabs.leaders(), [20], "second {s}");
        }
    }

    #[test]
    fn a_leader_that_went_without_a_word_is_replaced_after_the_quiet() {
        let mut tabs = Tabs(vec![Some(Lead::new(1, 0)), Some(Lead::new(2, 0))]);
        for s in 1..=6 {
            tabs.second(s * 1000);
        }
        assert_eq!(tabs.leaders(), [1]);
        // Frozen or killed: no beat, no word.
        tabs.0[0] = None;
        let mut took = None;
        for s in 7..20 {
            tabs.second(s * 1000);
            if took.is_none() && tabs.leaders() == [2] {
                took = Some(s);
            }
        }
        // Its last beat was at 5 s (then 7 s would have been the next): 2 leads by 5 s after it.
        assert!(took.is_some_and(|s| s <= 5 + QUIET_MS / 1000), "{took:?}");
        // A leader that comes back hears the new one's beat and follows... or is followed: one leads.
        tabs.0.push(Some(Lead::new(1, 20_000)));
        for s in 20..40 {
            tabs.second(s * 1000);
        }
        assert_eq!(tabs.leaders().len(), 1);
    }
}
