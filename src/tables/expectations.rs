//! How often each table is expected to get new data, per project, on this device (localStorage
//! `pjc.expectations`: `{"project": {"table": minutes}}`).

use jobs_api::json::Json;

/// The storage key.
pub const KEY: &str = "pjc.expectations";

/// Every project's expectations: `(project, [(table, minutes)])`.
#[derive(Clone, Default, PartialEq, Debug)]
pub struct Expectations(Vec<(String, Vec<(String, u32)>)>);

impl Expectations {
    /// Reads the stored text; what cannot be read is left out.
    pub fn from_json(text: &str) -> Self {
        let Ok(Json::Object(projects)) = crate::api::parse_json(text) else { return Self::default() };
        let tables = |v: &Json| match v {
            Json::Object(t) => t
                .iter()
                .filter_map(|(name, m)| match m {
                    Json::Number(jobs_api::json::Num::U(m)) if *m > 0 && *m <= u64::from(u32::MAX) => {
                        Some((name.to_string(), *m as u32))
                    }
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Self(projects.iter().map(|(p, v)| (p.to_string(), tables(v))).collect())
    }

    pub fn to_json(&self) -> String {
        use jobs_api::decode::quote;
        let project = |(p, t): &(String, Vec<(String, u32)>)| {
            let tables: Vec<String> = t.iter().map(|(n, m)| format!("{}:{m}", quote(n))).collect();
            format!("{}:{{{}}}", quote(p), tables.join(","))
        };
        format!("{{{}}}", self.0.iter().map(project).collect::<Vec<_>>().join(","))
    }

    /// `table`'s expectation in `project`, in minutes.
    pub fn get(&self, project: &str, table: &str) -> Option<u32> {
        let (_, tables) = self.0.iter().find(|(p, _)| p == project)?;
        tables.iter().find(|(t, _)| t == table).map(|(_, m)| *m)
    }

    /// Sets (or with `None` removes) `table`'s expectation in `project`.
    pub fn set(&mut self, project: &str, table: &str, minutes: Option<u32>) {
        let at = match self.0.iter().position(|(p, _)| p == project) {
            Some(at) => at,
            None => {
                self.0.push((project.to_owned(), Vec::new()));
                self.0.len() - 1
            }
        };
        let tables = &mut self.0[at].1;
        tables.retain(|(t, _)| t != table);
        if let Some(m) = minutes {
            tables.push((table.to_owned(), m));
        }
        if tables.is_empty() {
            self.0.remove(at);
        }
    }

    /// What this device has stored.
    pub fn load() -> Self {
        crate::app::settings::stored(KEY).map(|t| Self::from_json(&t)).unwrap_or_default()
    }

    pub fn store(&self) {
        crate::app::settings::store(KEY, (!self.0.is_empty()).then(|| self.to_json()).as_deref());
    }
}

#[cfg(test)]
mod tests {
    use super::Expectations;

    #[test]
    fn expectations_are_kept_per_project_and_table() {
        let mut e = Expectations::default();
        e.set("p", "orders", Some(60));
        e.set("p", "clicks \"x\"", Some(15));
        e.set("q", "orders", Some(1_440));
        assert_eq!(e.get("p", "orders"), Some(60));
        assert_eq!(e.get("q", "orders"), Some(1_440));
        assert_eq!(e.get("q", "clicks \"x\""), None);
        let text = e.to_json();
        assert_eq!(text, r#"{"p":{"orders":60,"clicks \"x\"":15},"q":{"orders":1440}}"#);
        assert_eq!(Expectations::from_json(&text), e);
        e.set("q", "orders", None);
        assert_eq!(e.to_json(), r#"{"p":{"orders":60,"clicks \"x\"":15}}"#);
        // What cannot be read is left out.
        assert_eq!(Expectations::from_json("{\"p\":{\"a\":-1,\"b\":\"x\",\"c\":5}}").get("p", "c"), Some(5));
        assert_eq!(Expectations::from_json("not json"), Expectations::default());
    }
}
