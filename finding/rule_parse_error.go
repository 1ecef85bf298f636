package finding

// ParseError reports a file a domain could not parse.
var ParseError = Rule{
	ID:      "parse/error",
	Title:   "File could not be parsed",
	Default: High,
	Doc: `A file that tollgate analyses could not be parsed, so none of its rules ran on it.

The message gives the parser's own error with the file, line and column. Fix the
syntax (the tool the file is for would reject it too), or, for a file that is not
what its name says, exclude it in ` + "`.tollgate.hcl`" + ` with ` + "`exclude = [\"path/**\"]`" + `.
The scan goes on with every other file.`,
	Controls: []string{"SOC2:CC8.1"},
}

func init() { Register(ParseError) }
