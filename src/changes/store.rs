//! What the change inbox keeps on this device, each project's look (localStorage, one key per
//! project, `pjc.look.{projectId}`), and what the console's tabs tell each other on their
//! channel ([`Said`]). Whether a project is watched is a setting (`app::settings::watched`).

use super::Look;

/// The key prefix of a project's look.
pub const LOOK_KEY: &str = "pjc.look.";
/// The channel the inbox's tabs talk on.
pub const LOOKS_CHANNEL: &str = "pjc.looks";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The project's look, if one was taken on this device.
pub fn load(project: &str) -> Option<Look> {
    Look::from_text(&storage()?.get_item(&format!("{LOOK_KEY}{project}")).ok()??)
}

/// Keeps the project's look; when the storage is full, with fewer jobs (the most recently
/// updated), down to 500. Whether it was kept.
pub fn save(project: &str, look: &Look) -> bool {
    let Some(s) = storage() else { return false };
    let key = format!("{LOOK_KEY}{project}");
    let mut look = look.clone();
    loop {
        if s.set_item(&key, &look.to_text()).is_ok() {
            return true;
        }
        if look.len() <= 500 {
            return false;
        }
        look.keep(look.len() / 2);
    }
}

/// What a tab of the console tells the others about a project.
#[derive(Clone, Debug, PartialEq)]
pub enum Said {
    /// Its look moved ("Mark as seen"): the look's stored text, carried whole (a tab that read
    /// localStorage when the message came might not find the write yet: Firefox passes it on
    /// later).
    Look(String, String),
    /// Tab `.1` reads for the others (`changes::lead`).
    Lead(String, u64),
    /// The leading tab `.1` closed.
    Gone(String, u64),
    /// The leading tab's reading found something new: the others read too.
    New(String),
}

impl Said {
    /// The message: its kind, the tab, the project's length in bytes, then the project and the
    /// look's text.
    pub fn to_text(&self) -> String {
        let (kind, project, tab, body) = match self {
            Said::Look(p, look) => ("look", p, 0, look.as_str()),
            Said::Lead(p, t) => ("lead", p, *t, ""),
            Said::Gone(p, t) => ("gone", p, *t, ""),
            Said::New(p) => ("new", p, 0, ""),
        };
        format!("{kind}\n{tab}\n{}\n{project}{body}", project.len())
    }

    pub fn from_text(text: &str) -> Option<Said> {
        let mut parts = text.splitn(4, '\n');
        let (kind, tab, len) = (parts.next()?, parts.next()?.parse().ok()?, parts.next()?.parse::<usize>().ok()?);
        let rest = parts.next()?;
        let (project, body) = (rest.get(..len)?.to_owned(), rest.get(len..)?);
        Some(match kind {
            "look" => Said::Look(project, body.to_owned()),
            "lead" => Said::Lead(project, tab),
            "gone" => Said::Gone(project, tab),
            "new" => Said::New(project),
            _ => return None,
        })
    }

    /// Tells the console's other tabs.
    pub fn tell(&self) {
        if let Ok(channel) = web_sys::BroadcastChannel::new(LOOKS_CHANNEL) {
            let _ = channel.post_message(&self.to_text().into());
            channel.close();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_read_back() {
        for said in [
            Said::Look("p".into(), "look1\t5\nid\trunning".into()),
            Said::Look("ü\n".into(), String::new()),
            Said::Lead("a b\nc".into(), 42),
            Said::Gone("p".into(), u64::MAX),
            Said::New(String::new()),
        ] {
            assert_eq!(Said::from_text(&said.to_text()), Some(said));
        }
        assert_eq!(Said::from_text("demo-project"), None);
        assert_eq!(Said::from_text("shout\n0\n1\np"), None);
        assert_eq!(Said::from_text("new\n0\n9\np"), None, "a project longer than the message");
    }
}
