package pipeline

import (
	"strings"

	"github.com/tollgate-dev/tollgate/internal/lazyre"
	"github.com/tollgate-dev/tollgate/pipeline/aiprofiles"
)

// A repository script may run an AI CLI as a child process rather than
// call an SDK: `subprocess.run([shutil.which("opencode"), "run", prompt])`
// in Python, `execFileSync("claude", ["-p", prompt])` in JavaScript,
// `exec.Command("codex", "exec", …)` in Go. launchedCLI finds the program a
// launcher call names by a string literal in its first argument (the
// command line, or the first element of the argument list) and judges it
// like a `run:` line. A literal anywhere else (a log message, a dictionary
// key) is not a launch.

// launchers holds, per language, the calls that start a program (and, for
// Python, shutil.which, which locates the program a later call starts),
// each followed by the first string literal of the call.
var launchers = map[string]*lazyre.Regexp{
	"python": lazyre.New(`(?:\bsubprocess\.(?:run|Popen|call|check_call|check_output)|\bos\.(?:system|popen)|\bshutil\.which|\bcreate_subprocess_(?:exec|shell)|\bpexpect\.spawn)\(\s*\[?\s*[rfu]?["']([^"'\n]{1,200})["']`),
	"js":     lazyre.New("(?:\\b(?:exec|execSync|execFile|execFileSync|spawn|spawnSync|execa|execaSync|execaCommand|execaCommandSync)|\\bBun\\.spawn(?:Sync)?)\\(\\s*\\[?\\s*[\"'`]([^\"'`\\n]{1,200})[\"'`]"),
	"go":     lazyre.New(`\bexec\.Command(?:Context)?\(\s*(?:\w+,\s*)?"([^"\n]{1,200})"`),
}

// launcherWords are the words a script must hold before the expression
// runs (most scripts start no program).
var launcherWords = map[string][]string{
	"python": {"subprocess", "os.system", "os.popen", "shutil.which", "create_subprocess_", "pexpect"},
	"js":     {"exec", "spawn", "Bun."},
	"go":     {"exec.Command"},
}

// launchedCLI returns the AI CLI a script in lang starts as a child
// process, and the literal that names it.
func launchedCLI(lang, src string) (*aiprofiles.CLI, string) {
	re := launchers[lang]
	if re == nil || !hasAny(src, launcherWords[lang]) {
		return nil, ""
	}
	for _, m := range re.FindAllStringSubmatch(src, -1) {
		lit := strings.TrimSpace(m[1])
		if c := findCLI(lit); c != nil {
			return c, lit
		}
		// The program alone (its arguments built elsewhere): a CLI that
		// needs no subcommand to call a model.
		if strings.ContainsAny(lit, " \t") {
			continue
		}
		for i := range aiprofiles.CLIs {
			if c := &aiprofiles.CLIs[i]; c.Name == lit && len(c.Sub) == 0 {
				return c, lit
			}
		}
	}
	return nil, ""
}
