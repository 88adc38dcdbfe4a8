//! The API report: the changes, their classes, the version bump, and its Markdown and JSON forms.

use std::fmt::Write as _;

use serde_json::{Map, Value, json};

/// What a change does to code that uses the crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// Code that compiled and worked may no longer compile, or may now fail where it did not
    /// (a removed item, a changed type, a new required input member).
    Breaking,
    /// New API that old code does not see (a new operation, member, error variant or enum
    /// value: every type is `#[non_exhaustive]`, every enum keeps unknown values).
    Additive,
    /// The API is unchanged but what it does is not: the wire format, a constraint that opt-in
    /// `validate()` checks, what `Debug` redacts.
    Behaviour,
    /// Only documentation (and deprecation notices lifted).
    Documentation,
    /// Something the model carries that this generator does not generate yet (waiters,
    /// endpoint rules): nothing in the crate changes.
    NotGenerated,
}

impl Class {
    /// Its name in the JSON report.
    pub fn as_str(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Behaviour => "behaviour",
            Class::Documentation => "documentation",
            Class::NotGenerated => "not-generated",
        }
    }

    /// `breaking`, `additive` or `neither`: the question semver asks.
    pub fn semver(self) -> &'static str {
        match self {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
            Class::Behaviour | Class::Documentation | Class::NotGenerated => "neither",
        }
    }
}

/// One change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Its class.
    pub class: Class,
    /// The Rust path of what changed, such as `types::Trail::name` or `operation::start_import`
    /// (`crate` for the service as a whole).
    pub path: String,
    /// What changed, in a sentence, with why it is in its class where that is not obvious.
    pub what: String,
}

/// The smallest version bump a set of changes needs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing of the API or its behaviour changed beyond documentation, or only behaviour: a
    /// fix release.
    Patch,
    /// Only additions: a feature release.
    Minor,
    /// Something breaks.
    Major,
}

impl Bump {
    /// `major`, `minor` or `patch`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Major => "major",
            Bump::Minor => "minor",
            Bump::Patch => "patch",
        }
    }
}

/// Every change between two versions of a crate's API, sorted by class and path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// The changes.
    pub changes: Vec<Change>,
}

impl Report {
    /// True when nothing changed, not even documentation.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes of `class` there are.
    pub fn count(&self, class: Class) -> usize {
        self.changes.iter().filter(|c| c.class == class).count()
    }

    /// The smallest bump: major for anything breaking, minor for additions, patch for behaviour
    /// and documentation; `None` when nothing changed or only things the crate does not
    /// generate.
    pub fn bump(&self) -> Option<Bump> {
        self.changes
            .iter()
            .filter_map(|c| match c.class {
                Class::Breaking => Some(Bump::Major),
                Class::Additive => Some(Bump::Minor),
                Class::Behaviour | Class::Documentation => Some(Bump::Patch),
                Class::NotGenerated => None,
            })
            .max()
    }

    /// How many changes are neither breaking nor additive.
    pub fn neither(&self) -> usize {
        self.changes.iter().filter(|c| c.class.semver() == "neither").count()
    }

    /// True when a change of `class` or a worse one is present (`--deny`).
    pub fn has_at_least(&self, class: Class) -> bool {
        self.changes.iter().any(|c| c.class <= class)
    }

    /// The report for a changelog or a pull request. `title` heads it; `versions` gives the
    /// crate's version before and after, when known.
    pub fn markdown(&self, title: &str, versions: Option<(&str, &str)>) -> String {
        let mut out = format!("## API changes: {title}\n\n");
        let bump = match (self.bump(), versions) {
            (None, _) => "none".to_owned(),
            (Some(bump), Some((from, to))) => format!("{} ({from} → {to})", bump.as_str()),
            (Some(bump), None) => bump.as_str().to_owned(),
        };
        let _ = writeln!(out, "Suggested version bump: **{bump}**\n");
        let neither = self.neither();
        out.push_str("| Breaking | Additive | Neither (behaviour, documentation, not generated) |\n|---:|---:|---:|\n");
        let _ = writeln!(
            out,
            "| {} | {} | {neither} ({}, {}, {}) |",
            self.count(Class::Breaking),
            self.count(Class::Additive),
            self.count(Class::Behaviour),
            self.count(Class::Documentation),
            self.count(Class::NotGenerated)
        );
        for (class, heading) in [
            (Class::Breaking, "Breaking"),
            (Class::Additive, "Additive"),
            (Class::Behaviour, "Behaviour changes (the API is the same)"),
            (Class::NotGenerated, "Not generated by this crate (nothing in it changes)"),
        ] {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.class == class).collect();
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n### {heading}\n");
            for change in changes {
                let _ = writeln!(out, "- `{}`: {}", change.path, change.what);
            }
        }
        let docs: Vec<&Change> = self.changes.iter().filter(|c| c.class == Class::Documentation).collect();
        if !docs.is_empty() {
            let _ = writeln!(out, "\n### Documentation\n\n<details><summary>{} items</summary>\n", docs.len());
            for change in docs {
                let _ = writeln!(out, "- `{}`: {}", change.path, change.what);
            }
            out.push_str("\n</details>\n");
        }
        out
    }

    /// The report for tools: the bump, the counts by class and every change.
    pub fn json(&self, versions: Option<(&str, &str)>) -> String {
        let mut counts = Map::new();
        for class in [Class::Breaking, Class::Additive, Class::Behaviour, Class::Documentation, Class::NotGenerated] {
            counts.insert(class.as_str().to_owned(), json!(self.count(class)));
        }
        let changes: Vec<Value> = self
            .changes
            .iter()
            .map(|c| json!({ "class": c.class.as_str(), "semver": c.class.semver(), "path": c.path, "change": c.what }))
            .collect();
        let mut report = Map::new();
        report.insert("bump".to_owned(), self.bump().map_or(Value::Null, |b| Value::String(b.as_str().to_owned())));
        if let Some((from, to)) = versions {
            report.insert("version".to_owned(), json!({ "from": from, "to": to }));
        }
        report.insert("counts".to_owned(), Value::Object(counts));
        report.insert("changes".to_owned(), Value::Array(changes));
        let mut text = serde_json::to_string_pretty(&Value::Object(report)).unwrap_or_default();
        text.push('\n');
        text
    }
}
