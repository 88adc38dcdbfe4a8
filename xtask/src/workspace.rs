//! Whether a crate written to a directory belongs to an enclosing Cargo workspace: then its
//! manifest must not have a `[workspace]` table of its own (Cargo refuses two roots for one
//! package), and otherwise it must, or Cargo refuses a package inside a workspace that does not
//! list it. Read from the nearest `Cargo.toml` above the directory that has a `[workspace]`
//! table: its `members` and `exclude` (paths and globs with `*` and `?`, as Cargo takes them).

use std::path::{Component, Path, PathBuf};

/// How the crate at a directory relates to the workspaces around it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Placement {
    /// No enclosing workspace lists it: the crate is its own workspace.
    Standalone,
    /// The workspace rooted at this directory lists it as a member.
    Member(PathBuf),
}

/// Where a crate written to `out` stands. `out` need not exist yet.
pub fn placement(out: &Path) -> Placement {
    let out = absolute(out);
    let mut dir = out.parent();
    while let Some(candidate) = dir {
        let manifest = candidate.join("Cargo.toml");
        if let Ok(text) = std::fs::read_to_string(&manifest)
            && let Some(table) = workspace_table(&text)
        {
            let Ok(relative) = out.strip_prefix(candidate) else { break };
            let relative: Vec<String> =
                relative.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            let listed = |key: &str| string_array(&table, key).iter().any(|pattern| matches_path(pattern, &relative));
            return if listed("members") && !listed("exclude") {
                Placement::Member(candidate.to_path_buf())
            } else {
                Placement::Standalone
            };
        }
        dir = candidate.parent();
    }
    Placement::Standalone
}

/// `path` made absolute and without `.` or `..`, from the current directory, without touching
/// the disk (the directory may not exist).
fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map(|d| d.join(path)).unwrap_or_else(|_| path.to_path_buf())
    };
    // Resolve links in the part that exists, so it compares with the manifests' directories.
    let mut existing = joined.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = std::fs::canonicalize(existing).unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        out.push(name);
    }
    let mut normal = PathBuf::new();
    for component in out.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                normal.pop();
            }
            other => normal.push(other),
        }
    }
    normal
}

/// The body of the manifest's `[workspace]` table (up to the next table header), if it has one.
fn workspace_table(manifest: &str) -> Option<String> {
    let mut body = None::<String>;
    for line in manifest.lines() {
        let trimmed = strip_comment(line).trim();
        if trimmed.starts_with('[') {
            if body.is_some() {
                break;
            }
            if trimmed == "[workspace]" {
                body = Some(String::new());
            }
            continue;
        }
        if let Some(body) = &mut body {
            body.push_str(line);
            body.push('\n');
        }
    }
    body
}

/// A line without its `#` comment (a `#` inside a string is kept).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    for (at, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') => return line.get(..at).unwrap_or(line),
            _ => {}
        }
    }
    line
}

/// The strings of the array `key = [...]` in a table body (which may span lines).
fn string_array(table: &str, key: &str) -> Vec<String> {
    let text: String = table.lines().map(|l| format!("{}\n", strip_comment(l))).collect();
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let value = trimmed.strip_prefix(key).map(str::trim_start).and_then(|r| r.strip_prefix('='));
        if value.is_some() {
            let at = offset.saturating_add(line.len().saturating_sub(trimmed.len())).saturating_add(key.len());
            let rest = text.get(at..).unwrap_or_default().trim_start();
            let rest = rest.strip_prefix('=').unwrap_or(rest).trim_start();
            return rest.strip_prefix('[').map(quoted_strings).unwrap_or_default();
        }
        offset = offset.saturating_add(line.len());
    }
    Vec::new()
}

/// The quoted strings up to the closing `]` of an array whose `[` is already read.
fn quoted_strings(items: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut chars = items.chars();
    while let Some(c) = chars.next() {
        match c {
            ']' => break,
            '"' | '\'' => out.push(chars.by_ref().take_while(|d| *d != c).collect()),
            _ => {}
        }
    }
    out
}

/// True when `pattern` (a workspace-relative path, components may hold `*` and `?`) names the
/// directory whose components are `path`.
fn matches_path(pattern: &str, path: &[String]) -> bool {
    let parts: Vec<&str> = pattern.split('/').filter(|p| !p.is_empty() && *p != ".").collect();
    parts.len() == path.len() && parts.iter().zip(path).all(|(p, c)| glob(p.as_bytes(), c.as_bytes()))
}

/// `*` and `?` matching within one path component.
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    match (pattern.split_first(), text.split_first()) {
        (None, None) => true,
        (Some((b'*', rest)), _) => glob(rest, text) || text.split_first().is_some_and(|(_, t)| glob(pattern, t)),
        (Some((b'?', rest)), Some((_, t))) => glob(rest, t),
        (Some((p, rest)), Some((c, t))) if p == c => glob(rest, t),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_and_excludes_are_read_from_the_workspace_table() {
        let manifest = "[package]\nname = \"x\"\nmembers = [\"no\"]\n\n[workspace]\nresolver = \"3\" # why\nmembers = [\n  \"crates/*\", # all\n  'gen/aws-?',\n]\nexclude = [\"crates/old\"]\n\n[workspace.dependencies]\nmembers = [\"nope\"]\n";
        let table = workspace_table(manifest).unwrap();
        assert_eq!(string_array(&table, "members"), ["crates/*", "gen/aws-?"]);
        assert_eq!(string_array(&table, "exclude"), ["crates/old"]);
        assert!(workspace_table("[package]\nname = \"x\"\n").is_none());
        assert!(string_array("resolver = \"3\"\n", "members").is_empty());
    }

    #[test]
    fn paths_match_cargo_style_globs() {
        let path = |p: &str| p.split('/').map(str::to_owned).collect::<Vec<_>>();
        assert!(matches_path("crates/*", &path("crates/cloudtrail")));
        assert!(matches_path("./gen/aws-?", &path("gen/aws-1")));
        assert!(matches_path("generated", &path("generated")));
        assert!(!matches_path("crates/*", &path("crates/a/b")));
        assert!(!matches_path("gen/aws-?", &path("gen/aws-12")));
        assert!(glob(b"*-client", b"dynamodb-client"));
        assert!(!glob(b"*-client", b"dynamodb"));
    }

    #[test]
    fn a_directory_is_placed_by_the_nearest_workspace() {
        let root = std::env::temp_dir().join(format!("xtask-workspace-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("app")).unwrap();
        std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = [\"app\", \"clients/*\"]\nexclude = [\"clients/skip\"]\n")
            .unwrap();
        assert_eq!(placement(&root.join("clients/cloudtrail")), Placement::Member(absolute(&root)));
        assert_eq!(placement(&root.join("clients/skip")), Placement::Standalone);
        assert_eq!(placement(&root.join("elsewhere")), Placement::Standalone);
        assert_eq!(placement(&root.join("clients/./x/../cloudtrail")), Placement::Member(absolute(&root)));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
