/// Answers each `module<TAB>input<TAB>output` line of standard input with one result line;
/// `FAILED` starts the line of a pair that could not be tried.
fn main() {
    for line in std::io::stdin().lock().lines() {
        let line = line.expect("stdin");
        let cols: Vec<&str> = line.split('\t').collect();
        let (module, input, output) = (cols[0], cols[1], cols[2]);
        let input = match std::fs::read(input) {
            Ok(b) => b,
            Err(e) => {
                println!("{FAILED}cannot read {input}: {e}");
                continue;
            }
        };
        let result = match module {
            "MODULE" => one::<altinn_corpus::MODULE::Document>(&input, output), // @each module
            other => format!("{FAILED}no module {other}"),
        };
        println!("{result}");
    }
}

/// A message on one line.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}
