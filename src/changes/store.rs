//! Where each project's look is kept on this device: localStorage, one key per project
//! (`pjc.look.{projectId}`), and the channel that tells the console's other tabs a look moved
//! ("Mark as seen" in one tab clears the banner in the others).

use super::Look;

/// The key prefix of a project's look.
pub const LOOK_KEY: &str = "pjc.look.";
/// The channel a moved look is told on (the message: the project id).
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

/// Tells the console's other tabs that the project's look moved.
pub fn tell_other_tabs(project: &str) {
    if let Ok(channel) = web_sys::BroadcastChannel::new(LOOKS_CHANNEL) {
        let _ = channel.post_message(&project.into());
        channel.close();
    }
}
