package safefs

import (
	"io/fs"
	"os"
	"slices"
	"strings"
)

// ListDir lists a directory below the root, sorted by name, like ReadDir,
// but opens it with O_DIRECTORY and O_NONBLOCK: a FIFO or device where a
// directory is expected is refused at once (ReadDir's open of a FIFO
// blocks until a writer appears).
func (r *Root) ListDir(name string) ([]fs.DirEntry, error) {
	c, err := clean(name)
	if err != nil {
		return nil, err
	}
	f, err := r.root.OpenFile(c, os.O_RDONLY|oDirectory|oNonBlock, 0)
	if err != nil {
		return nil, r.classify("readdir", name, err)
	}
	defer f.Close()
	ents, err := f.ReadDir(-1)
	slices.SortFunc(ents, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return ents, err
}
