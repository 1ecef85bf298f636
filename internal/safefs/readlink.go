package safefs

// Readlink returns the target of the symbolic link name, itself inside the
// root (the directories on the way to it are resolved in the root, so none
// leads out). The target is returned as written: it is text, and says
// nothing about where the link leads.
func (r *Root) Readlink(name string) (string, error) {
	c, err := clean(name)
	if err != nil {
		return "", err
	}
	t, err := r.root.Readlink(c)
	return t, r.classify("readlink", name, err)
}
