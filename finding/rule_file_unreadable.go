package finding

// FileUnreadable reports a file that could not be read safely.
var FileUnreadable = Rule{
	ID:      "scan/file-unreadable",
	Title:   "File could not be read",
	Default: Medium,
	Doc: `A file could not be read: it is a symbolic link pointing outside the
repository, a binary file where text was expected, or the read failed.

tollgate never follows a link out of the repository root. Replace the link with the
file itself, or exclude the path.`,
}

func init() { Register(FileUnreadable) }
