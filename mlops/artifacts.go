package mlops

import (
	"path"
	"strings"
)

// Kind classifies an ML artifact.
type Kind string

// The artifact kinds.
const (
	Model Kind = "model"
	Data  Kind = "data"
)

// Thresholds below which artifacts are not judged: smaller files are test
// fixtures, not models or datasets anyone deploys or trains on.
const (
	MinModelSize = 1 << 20  // 1 MiB
	MinDataSize  = 10 << 20 // 10 MiB
)

// modelExts are extensions that are model weights or serialized models
// whatever their directory.
var modelExts = map[string]bool{
	".pt": true, ".pth": true, ".ckpt": true, ".onnx": true, ".safetensors": true, ".gguf": true,
	".ggml": true, ".h5": true, ".hdf5": true, ".keras": true, ".tflite": true, ".mlmodel": true,
	".mlpackage": true, ".pdparams": true, ".caffemodel": true, ".engine": true, ".joblib": true,
	".mar": true, ".nemo": true, ".llamafile": true, ".xgb": true, ".lgb": true, ".cbm": true,
}

// pickleExts are serialized Python objects: in an ML repository almost
// always a model, unless a directory or the name says data.
var pickleExts = map[string]bool{".pkl": true, ".pickle": true}

// maybeModelExts are model formats only when the name or a directory says
// "model" (a .pkl or .bin is often something else).
var maybeModelExts = map[string]bool{".bin": true, ".pb": true, ".model": true, ".npz": true}

// dataExts are dataset formats.
var dataExts = map[string]bool{
	".csv": true, ".tsv": true, ".parquet": true, ".jsonl": true, ".arrow": true, ".feather": true,
	".npy": true, ".tfrecord": true, ".avro": true, ".orc": true, ".h5ad": true,
}

// Classify returns the kind of artifact a path names, or "".
func Classify(p string) Kind {
	base := strings.ToLower(path.Base(p))
	ext := path.Ext(base)
	if strings.HasSuffix(base, ".csv.gz") || strings.HasSuffix(base, ".jsonl.gz") {
		return Data
	}
	switch {
	case modelExts[ext]:
		return Model
	case maybeModelExts[ext] && modelish(p):
		return Model
	case pickleExts[ext]:
		if modelish(p) || !dataish(p) {
			return Model
		}
		return Data
	case dataExts[ext]:
		return Data
	}
	return ""
}

// modelish reports whether the path's name or a directory mentions models
// or weights.
func modelish(p string) bool {
	lower := strings.ToLower(p)
	for _, w := range []string{"model", "weights", "checkpoint", "ckpt"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}

// dataish reports whether a path's name or a directory says data.
func dataish(p string) bool {
	lower := strings.ToLower(p)
	for _, w := range []string{"data", "dataset", "features", "embeddings", "cache"} {
		if strings.Contains(lower, w) {
			return true
		}
	}
	return false
}
