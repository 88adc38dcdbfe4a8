//! Helpers the tests share: where things are, and how fixtures are generated.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    xtask::workspace_root()
}

/// `../shared` beside the workspace: official models, golden files, protocol tests.
///
/// # Panics
///
/// When the directory is missing, with a message saying where it was expected.
pub fn shared() -> PathBuf {
    let dir = root().join("..").join("shared");
    assert!(dir.is_dir(), "the shared data directory is missing: expected it at {}", dir.display());
    dir
}

/// Reads a file as text.
///
/// # Panics
///
/// When the file cannot be read, naming it.
pub fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// The partition data the endpoint rules' `aws.partition` reads, from `../shared`.
pub fn partitions() -> Option<String> {
    std::fs::read_to_string(root().join("..").join("shared").join("endpoints").join("partitions.json")).ok()
}

/// The directory of the fixture models.
pub fn fixtures() -> PathBuf {
    root().join("tests").join("fixtures")
}

/// Fixtures whose package has the fixture's own name, not `fixture-<name>`: `support` is the
/// name of the generated test helper modules, which a crate of that name must survive.
const OWN_NAME: &[&str] = &["support"];

/// Settings for a fixture: its name becomes the package name.
pub fn fixture_settings(name: &str) -> codegen::Settings {
    let package_name =
        if OWN_NAME.contains(&name) { name.to_owned() } else { format!("fixture-{}", name.replace('_', "-")) };
    codegen::Settings {
        package_name,
        source: format!("tests/fixtures/models/{name}.json"),
        service: None,
        operations: Vec::new(),
        protocol_tests: false,
        standalone: false,
        version: None,
        partitions: partitions(),
    }
}

/// Settings for a standalone crate named `name`, from `name.json`, with every operation.
pub fn standalone_settings(name: &str) -> codegen::Settings {
    codegen::Settings {
        package_name: name.to_owned(),
        source: format!("{name}.json"),
        service: None,
        operations: Vec::new(),
        protocol_tests: false,
        standalone: true,
        version: None,
        partitions: partitions(),
    }
}

/// Generates a fixture from `tests/fixtures/<dir>/<name>.json`.
pub fn generate_fixture(dir: &str, name: &str) -> Result<Vec<codegen::GeneratedFile>, codegen::Errors> {
    let text = read(&fixtures().join(dir).join(format!("{name}.json")));
    let mut settings = fixture_settings(name);
    settings.source = format!("tests/fixtures/{dir}/{name}.json");
    codegen::generate(&text, &settings)
}

/// Names (without extension) of the `.json` or `.rs` fixtures in `tests/fixtures/<dir>`, sorted.
pub fn fixture_names(dir: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(fixtures().join(dir))
        .unwrap_or_else(|e| panic!("cannot list fixtures in {dir}: {e}"))
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            if path.extension()? != "json" && path.extension()? != "rs" {
                return None;
            }
            Some(path.file_stem()?.to_string_lossy().into_owned())
        })
        .collect();
    names.sort();
    names
}

/// True for files copied from `codegen/runtime`, the same in every generated crate.
pub fn is_runtime(file: &codegen::GeneratedFile) -> bool {
    file.contents.contains("runtime support copied from codegen/runtime/")
}

/// One `#[test]` per fixture name, each calling `$check(name)`, plus a test that the list names
/// exactly the fixtures in `tests/fixtures/$dir`, so none is forgotten.
#[macro_export]
macro_rules! fixture_tests {
    ($dir:literal, $check:path; $($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                $check(stringify!($name));
            }
        )*

        #[test]
        fn every_fixture_has_a_test() {
            assert_eq!($crate::fixture_names($dir), [$(stringify!($name)),*]);
        }
    };
}

/// A small deterministic random number generator (SplitMix64), for the property tests.
pub struct Rng(pub u64);

impl Rng {
    /// The next 64 random bits.
    pub fn bits(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (zero when `n` is zero).
    pub fn below(&mut self, n: u64) -> u64 {
        self.bits() % n.max(1)
    }
}
