//! Fitting the shell: completion scripts and the man page, both generated from the
//! clap definitions in `cli.rs`, so they can never disagree with the real flags.

/// `runway completions SHELL`: the script, generated from these very definitions so
/// it can never offer a flag that does not exist.
pub fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    use clap::CommandFactory;
    let mut cmd = crate::cli::Cli::command();
    let mut buf = Vec::new();
    clap_complete::generate(shell, &mut cmd, "runway", &mut buf);
    buf
}

/// `runway man`: the man page with a section per subcommand.
pub fn man_page() -> anyhow::Result<Vec<u8>> {
    use clap::CommandFactory;
    let cmd = crate::cli::Cli::command();
    let mut buf = Vec::new();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(&mut buf)?;
    man.render_name_section(&mut buf)?;
    man.render_synopsis_section(&mut buf)?;
    man.render_description_section(&mut buf)?;
    man.render_options_section(&mut buf)?;
    // clap_mangen's own subcommand section names them only; each gets its usage,
    // description and options here, so `man runway` answers without `--help`.
    roff_subcommands(&cmd, &mut buf)?;
    man.render_version_section(&mut buf)?;
    Ok(buf)
}

fn roff_subcommands(cmd: &clap::Command, buf: &mut Vec<u8>) -> std::io::Result<()> {
    use std::io::Write;
    writeln!(buf, ".SH COMMANDS")?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        let mut sub = sub.clone().bin_name(format!("runway {}", sub.get_name()));
        let usage = sub.render_usage().to_string();
        writeln!(buf, ".TP\n\\fBrunway {}\\fR", sub.get_name())?;
        let about = sub
            .get_long_about()
            .or(sub.get_about())
            .map(|a| a.to_string())
            .unwrap_or_default();
        writeln!(buf, "{}", roff_text(&about))?;
        writeln!(
            buf,
            ".br\n{}",
            roff_text(usage.trim_start_matches("Usage: "))
        )?;
        for arg in sub.get_arguments().filter(|a| !a.is_global_set()) {
            let name = match (arg.get_long(), arg.get_short()) {
                (Some(l), _) => format!("--{l}"),
                (None, Some(s)) => format!("-{s}"),
                _ => arg.get_id().as_str().to_uppercase(),
            };
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            writeln!(buf, ".br\n\\ \\ {}: {}", roff_text(&name), roff_text(&help))?;
        }
    }
    Ok(())
}

/// Text safe inside roff: a leading `.` or `'` would be a request, `\` an escape.
fn roff_text(s: &str) -> String {
    let s = s.replace('\\', "\\e").replace('-', "\\-");
    match s.chars().next() {
        Some('.') | Some('\'') => format!("\\&{s}"),
        _ => s,
    }
}
