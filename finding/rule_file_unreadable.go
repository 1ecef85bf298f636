package finding

// FileUnreadable reports a file that could not be read safely.
var FileUnreadable = Rule{
	ID:      "scan/file-unreadable",
	Title:   "File could not be read",
	Default: Medium,
	Doc: `A file could not be read safely: it is a symbolic link pointing outside the
repository (or a link loop), a FIFO, device or socket, a ` + "`.gitignore`" + ` that is one of
these or too big, a binary file where text was expected, or the read failed.

tollgate never follows a link out of the repository root and never opens a file that is
not a regular file: a FIFO would block the scan, a device such as ` + "`/dev/zero`" + ` would never
end, and a file outside the repository could be published in the report. Replace the link
with the file itself, remove the special file, or exclude the path.`,
}

func init() { Register(FileUnreadable) }
