package finding

// FileTooLarge reports a file skipped for its size.
var FileTooLarge = Rule{
	ID:      "scan/file-too-large",
	Title:   "File skipped for its size",
	Default: Low,
	Doc: `A file that a domain would analyse is larger than the scan's size limit
(` + "`max_file_size`" + ` in ` + "`.tollgate.hcl`" + `, 4 MiB by default), so it was not read.

Pipeline and Terraform files that large are usually generated or hostile. Raise the
limit if the file is genuine, or exclude it.`,
}

func init() { Register(FileTooLarge) }
