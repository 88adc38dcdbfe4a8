//! `cargo xtask codegen [--check] [--model PATH --out DIR [--operation NAME]... [--crate-name NAME]
//! [--service ID] [--protocol-tests]]`: generates a client crate from a Smithy JSON AST model.
//! Without options it reads `model/cloudtrail.json` and writes `generated/`.
//!
//! `cargo xtask protocol-tests [--model PATH]`: runs the Smithy AWS protocol compliance suites
//! for awsJson 1.0 and 1.1 and prints every case with its result.
//!
//! `cargo xtask official-models [--only NAME]...`: generates and proves crates for the whole
//! official models in `../shared/models/` and `../shared/corpus/awsJson/`.
//!
//! `cargo xtask features [--seed N]`: checks generated crates with samples of their
//! per-operation features (none, single operations, random sets).
//!
//! `cargo xtask bench [time] [instructions] [build] [rest] [big] [endpoints] [xml]`: the benchmarks (see `BENCHMARKS.md`).
//!
//! `cargo xtask fuzz [--cases N]`: the long campaign of every generated crate's property tests.
//!
//! `cargo xtask api-diff OLD.json NEW.json [--service ID] [--format markdown|json]
//! [--deny breaking|additive|any]`: what the model change does to the generated crate's API.
//!
//! `cargo xtask semver-checks [--history DIR]... [--out FILE]`: that report set against
//! cargo-semver-checks (installed separately) for every consecutive pair of models in a history.
//!
//! Exit status: 0 on success, 1 when the model has problems (each printed on its own line),
//! `--check` finds `generated/` out of date, protocol cases fail unexpectedly, `--deny` refuses
//! an API change or cargo-semver-checks disagrees with the report; 2 for a usage or I/O error.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--model PATH --out DIR] [--operation NAME]... \
[--crate-name NAME] [--service ID] [--protocol-tests] [--standalone | --workspace-member] [--partitions FILE]
       cargo xtask protocol-tests [--model PATH]
       cargo xtask official-models [--only NAME]...
       cargo xtask features [--seed N]
       cargo xtask bench [time] [instructions] [build] [rest] [big] [endpoints] [xml]
       cargo xtask fuzz [--cases N]
       cargo xtask api-diff OLD.json NEW.json [--service ID] [--format markdown|json] [--deny breaking|additive|any]
       cargo xtask semver-checks [--history DIR]... [--out FILE]

codegen writes generated/ from model/, or with --model and --out a crate from any awsJson
model: every operation, or the closure of those --operation names. It never overwrites or
deletes a file it did not write. The crate has its own [workspace] table unless DIR is a member
of an enclosing Cargo workspace (found from the nearest Cargo.toml above DIR with a
[workspace] table); --standalone and --workspace-member decide instead. --check writes
nothing and fails when DIR is out of date. When DIR holds a crate it generated before, it
prints what the model change does to the crate's API (from DIR/api.json) and bumps the
crate's version by the smallest step that allows (--crate-version sets it instead). The
endpoint rules' partition data comes from ../shared/endpoints/partitions.json unless
--partitions names another file.";

struct Args {
    task: Task,
    bench: xtask::bench::Selection,
    cases: u64,
    seed: u64,
    check: bool,
    protocol_tests: bool,
    model: Option<PathBuf>,
    out: Option<PathBuf>,
    operations: Vec<String>,
    crate_name: Option<String>,
    service: Option<String>,
    placement: Option<bool>,
    only: Vec<String>,
    crate_version: Option<String>,
    partitions: Option<PathBuf>,
    paths: Vec<PathBuf>,
    format: xtask::api_diff::Format,
    deny: Option<codegen::api::Class>,
    histories: Vec<PathBuf>,
}

/// What the command line asks for: a task, or the usage.
enum Parsed {
    Run(Box<Args>),
    Help,
}

fn parse_args(args: &[String]) -> Result<Parsed, String> {
    if args.iter().any(|a| a == "--help" || a == "-h") || args.first().is_some_and(|a| a == "help") {
        return Ok(Parsed::Help);
    }
    let mut iter = args.iter();
    let task = match iter.next().map(String::as_str) {
        Some("codegen") => Task::Codegen,
        Some("protocol-tests") => Task::ProtocolTests,
        Some("official-models") => Task::OfficialModels,
        Some("features") => Task::Features,
        Some("bench") => Task::Bench,
        Some("fuzz") => Task::Fuzz,
        Some("api-diff") => Task::ApiDiff,
        Some("semver-checks") => Task::SemverChecks,
        Some(other) => return Err(format!("unknown task `{other}`")),
        None => return Err("no task given".to_owned()),
    };
    let mut parsed = Args {
        task,
        bench: xtask::bench::Selection::default(),
        cases: 1_000_000,
        seed: xtask::features::DEFAULT_SEED,
        check: false,
        protocol_tests: false,
        model: None,
        out: None,
        operations: Vec::new(),
        crate_name: None,
        service: None,
        placement: None,
        only: Vec::new(),
        crate_version: None,
        partitions: None,
        paths: Vec::new(),
        format: xtask::api_diff::Format::Markdown,
        deny: None,
        histories: Vec::new(),
    };
    while let Some(arg) = iter.next() {
        let mut value = |name: &str| iter.next().cloned().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--check" => parsed.check = true,
            "--protocol-tests" => parsed.protocol_tests = true,
            "--crate-version" if task == Task::Codegen => parsed.crate_version = Some(value("--crate-version")?),
            "--partitions" if task == Task::Codegen => parsed.partitions = Some(PathBuf::from(value("--partitions")?)),
            "--format" if task == Task::ApiDiff => {
                parsed.format = match value("--format")?.as_str() {
                    "markdown" => xtask::api_diff::Format::Markdown,
                    "json" => xtask::api_diff::Format::Json,
                    other => return Err(format!("--format takes markdown or json, not `{other}`")),
                };
            }
            "--deny" if task == Task::ApiDiff => {
                parsed.deny = Some(match value("--deny")?.as_str() {
                    "breaking" => codegen::api::Class::Breaking,
                    "additive" => codegen::api::Class::Additive,
                    "any" => codegen::api::Class::Documentation,
                    other => return Err(format!("--deny takes breaking, additive or any, not `{other}`")),
                });
            }
            "--history" if task == Task::SemverChecks => parsed.histories.push(PathBuf::from(value("--history")?)),
            path if task == Task::ApiDiff && !path.starts_with("--") => parsed.paths.push(PathBuf::from(path)),
            "--model" => parsed.model = Some(PathBuf::from(value("--model")?)),
            "--out" => parsed.out = Some(PathBuf::from(value("--out")?)),
            "--operation" => parsed.operations.push(value("--operation")?),
            "--crate-name" => parsed.crate_name = Some(value("--crate-name")?),
            "--service" => parsed.service = Some(value("--service")?),
            "--standalone" if task == Task::Codegen => parsed.placement = Some(true),
            "--workspace-member" if task == Task::Codegen => parsed.placement = Some(false),
            "--only" if task == Task::OfficialModels => parsed.only.push(value("--only")?),
            "time" if task == Task::Bench => parsed.bench.time = true,
            "instructions" if task == Task::Bench => parsed.bench.instructions = true,
            "build" if task == Task::Bench => parsed.bench.build = true,
            "rest" if task == Task::Bench => parsed.bench.rest = true,
            "big" if task == Task::Bench => parsed.bench.big = true,
            "endpoints" if task == Task::Bench => parsed.bench.endpoints = true,
            "xml" if task == Task::Bench => parsed.bench.xml = true,
            "--cases" if task == Task::Fuzz => {
                parsed.cases = value("--cases")?.replace('_', "").parse().map_err(|_| "--cases needs a number".to_owned())?;
            }
            "--seed" if task == Task::Features => {
                parsed.seed = value("--seed")?.replace('_', "").parse().map_err(|_| "--seed needs a number".to_owned())?;
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    if parsed.bench == xtask::bench::Selection::default() {
        parsed.bench = xtask::bench::Selection::all();
    }
    if parsed.task == Task::ApiDiff && parsed.paths.len() != 2 {
        return Err("api-diff takes two model files, the old and the new".to_owned());
    }
    if parsed.task == Task::Codegen && parsed.model.is_some() != parsed.out.is_some() {
        return Err("--model and --out go together".to_owned());
    }
    if parsed.placement.is_some() && parsed.out.is_none() {
        return Err("--standalone and --workspace-member go with --out".to_owned());
    }
    Ok(Parsed::Run(Box::new(parsed)))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Task {
    Codegen,
    ProtocolTests,
    OfficialModels,
    Features,
    Bench,
    Fuzz,
    ApiDiff,
    SemverChecks,
}

fn protocol_tests(args: &Args) -> ExitCode {
    let root = xtask::workspace_root();
    let model = args.model.clone().unwrap_or_else(|| xtask::protocol::default_model(&root));
    match xtask::protocol::run(&root, &model) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args = match parse_args(&args) {
        Ok(Parsed::Run(args)) => args,
        Ok(Parsed::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("error: {message}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match args.task {
        Task::ProtocolTests => return protocol_tests(&args),
        Task::OfficialModels => {
            return match xtask::official::run(&xtask::workspace_root(), &args.only) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            };
        }
        Task::Features => {
            return match xtask::features::run(&xtask::workspace_root(), args.seed) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            };
        }
        Task::Bench => {
            return match xtask::bench::run(&xtask::workspace_root(), args.bench) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(2)
                }
            };
        }
        Task::Fuzz => {
            return match xtask::fuzz::run(&xtask::workspace_root(), args.cases) {
                Ok(()) => ExitCode::SUCCESS,
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(1)
                }
            };
        }
        Task::ApiDiff => {
            let [old, new] = args.paths.as_slice() else { return ExitCode::from(2) };
            return match xtask::api_diff::run(old, new, args.service.as_deref(), args.format, args.deny) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => ExitCode::from(1),
                Err(xtask::api_diff::Failure::Model(message)) => {
                    eprintln!("{message}");
                    ExitCode::from(1)
                }
                Err(xtask::api_diff::Failure::Io(message)) => {
                    eprintln!("error: {message}");
                    ExitCode::from(2)
                }
            };
        }
        Task::SemverChecks => {
            let root = xtask::workspace_root();
            let histories =
                if args.histories.is_empty() { xtask::api_diff::default_histories(&root) } else { args.histories.clone() };
            return match xtask::api_diff::semver_agreement(&root, &histories, args.out.as_deref()) {
                Ok(true) => ExitCode::SUCCESS,
                Ok(false) => {
                    eprintln!("error: cargo-semver-checks and the API report disagree (see above)");
                    ExitCode::from(1)
                }
                Err(message) => {
                    eprintln!("error: {message}");
                    ExitCode::from(2)
                }
            };
        }
        Task::Codegen => {}
    }
    let root = xtask::workspace_root();
    let mut settings = xtask::default_settings();
    let (model_path, out_dir) = match (&args.model, &args.out) {
        (Some(model), Some(out)) => {
            settings.source = model.file_name().map_or_else(|| model.display().to_string(), |n| n.to_string_lossy().into_owned());
            let stem = model.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            settings.package_name = args.crate_name.clone().unwrap_or_else(|| xtask::default_package_name(&stem));
            settings.standalone = match args.placement {
                Some(standalone) => standalone,
                None => match xtask::workspace::placement(out) {
                    xtask::workspace::Placement::Standalone => true,
                    xtask::workspace::Placement::Member(root) => {
                        println!("{} is a member of the workspace at {}: no [workspace] table", out.display(), root.display());
                        false
                    }
                },
            };
            (model.clone(), out.clone())
        }
        _ => {
            if let Some(name) = &args.crate_name {
                settings.package_name = name.clone();
            }
            (root.join(xtask::DEFAULT_MODEL), root.join(xtask::DEFAULT_OUT))
        }
    };
    settings.operations = args.operations.clone();
    settings.service = args.service.clone();
    settings.protocol_tests = args.protocol_tests;
    settings.version = args.crate_version.clone();
    if let Some(path) = &args.partitions {
        match std::fs::read_to_string(path) {
            Ok(text) => settings.partitions = Some(text),
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", path.display());
                return ExitCode::from(2);
            }
        }
    }

    let default_run = args.model.is_none();
    let status = generate(&model_path, &out_dir, &settings, args.check);
    if !default_run || status != ExitCode::SUCCESS {
        return status;
    }
    // The default run also keeps the example's crates (whole-model subsets) up to date.
    for example in xtask::EXAMPLE_CRATES {
        let status = generate(&root.join(example.model), &root.join(example.out), &example.settings(), args.check);
        if status != ExitCode::SUCCESS {
            return status;
        }
    }
    ExitCode::SUCCESS
}

/// Generates the crate of `model_path` into `out_dir` (or with `check`, compares it).
fn generate(model_path: &Path, out_dir: &Path, settings: &codegen::Settings, check: bool) -> ExitCode {
    let started = Instant::now();
    let text = match std::fs::read_to_string(model_path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", model_path.display());
            return ExitCode::from(2);
        }
    };
    let files = match xtask::plan(out_dir, &text, settings) {
        Ok(plan) => {
            for warning in &plan.generated.warnings {
                eprintln!("warning: {warning}");
            }
            if let Some(reason) = &plan.not_compared {
                println!("note: {reason}; the API changes are not reported this time");
            }
            if let Some(report) = plan.api.as_ref().filter(|r| !r.is_empty()) {
                let before = plan.version_before.as_deref().unwrap_or(codegen::DEFAULT_VERSION);
                let title = format!("{} from {}", settings.package_name, model_path.display());
                println!("{}", report.markdown(&title, Some((before, &plan.version))));
            }
            plan.generated.files
        }
        Err(errors) => {
            eprintln!("{errors}");
            eprintln!("error: {} problem(s) in {}; nothing was written", errors.len(), model_path.display());
            return ExitCode::from(1);
        }
    };
    let generated_in = started.elapsed();

    if check {
        return match xtask::check(out_dir, &files) {
            Ok(differences) if differences.is_empty() => {
                println!("{} is up to date ({} files)", out_dir.display(), files.len());
                ExitCode::SUCCESS
            }
            Ok(differences) => {
                for difference in &differences {
                    println!("{difference}");
                }
                eprintln!("error: {} is out of date; run `{}` to update it", out_dir.display(), update_command());
                ExitCode::from(1)
            }
            Err(e) => {
                eprintln!("error: cannot read {}: {e}", out_dir.display());
                ExitCode::from(2)
            }
        };
    }
    match xtask::write(out_dir, &files) {
        Ok(report) => {
            for path in &report.written {
                println!("wrote   {path}");
            }
            for path in &report.deleted {
                println!("deleted {path}");
            }
            for path in &report.kept {
                println!("kept    {path} (not generated, left alone)");
            }
            println!(
                "{}: {} files ({} written, {} deleted, {} unchanged); generated in {:.1} ms",
                out_dir.display(),
                files.len(),
                report.written.len(),
                report.deleted.len(),
                report.unchanged,
                generated_in.as_secs_f64() * 1000.0
            );
            ExitCode::SUCCESS
        }
        Err(e @ xtask::WriteError::NotGenerated { .. }) => {
            eprintln!("error: {}: {e}", out_dir.display());
            ExitCode::from(1)
        }
        Err(e) => {
            eprintln!("error: cannot write {}: {e}", out_dir.display());
            ExitCode::from(2)
        }
    }
}

/// The command that brings the output up to date: this one, without `--check`.
fn update_command() -> String {
    let mut command = String::from("cargo xtask");
    for arg in std::env::args().skip(1).filter(|a| a != "--check") {
        command.push(' ');
        if !arg.is_empty() && arg.chars().all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,".contains(c)) {
            command.push_str(&arg);
        } else {
            command.push('\'');
            command.push_str(&arg.replace('\'', "'\\''"));
            command.push('\'');
        }
    }
    command
}
