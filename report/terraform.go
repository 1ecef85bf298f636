package report

import "github.com/tollgate-dev/tollgate/finding"

// AIResource is one piece of infrastructure that trains or serves models, or
// carries accelerators.
type AIResource struct {
	Location finding.Location `json:"location"`
	Address  string           `json:"address"`
	Type     string           `json:"type"`
	// Module is the module directory, and the module instance address when
	// another module of the repository calls it.
	Module string `json:"module"`
	// Kind is "ai-service" (SageMaker, Bedrock, Vertex AI, Azure ML...) or
	// "gpu" (an accelerator instance or machine type).
	Kind string `json:"kind"`
	// Why is the fact that classified it: "instance_type = p4d.24xlarge".
	Why string `json:"why"`
	// TagStatus is "pass", "fail" or "unknown", "n/a" for a type that
	// takes no tags, or "not created" for a block whose count or for_each
	// is known to create nothing.
	TagStatus string `json:"tag_status"`
}

// Terraform summarizes cost-allocation tag coverage.
type Terraform struct {
	// Modules counts module directories; Instances counts modules in each
	// calling context (a module called from three places counts three).
	Modules   int `json:"modules"`
	Instances int `json:"instances"`
	// Resources counts resource blocks created in at least one instance;
	// NotTaggable those of them whose type takes no tags; NotCreated the
	// blocks whose count or for_each creates nothing in any instance.
	Resources   int `json:"resources"`
	NotTaggable int `json:"not_taggable"`
	NotCreated  int `json:"not_created"`
	// CallsNotFollowed counts local module calls not evaluated in their
	// caller's context (cycles, depth or size caps); their modules are
	// still analysed.
	CallsNotFollowed int             `json:"calls_not_followed"`
	Coverage         []ProviderCount `json:"coverage"`
	// External lists module calls whose source is outside the repository
	// (registry, git, archives): recorded, never fetched.
	External []ExternalModule `json:"external_modules,omitempty"`
}

// ExternalModule is a module call with a source outside the repository.
type ExternalModule struct {
	Location finding.Location `json:"location"`
	Name     string           `json:"name"`
	Source   string           `json:"source"`
	// Kind is "registry", "git" or "other" (archives, buckets).
	Kind string `json:"kind"`
	// Version is the version constraint when it is a constant.
	Version string `json:"version,omitempty"`
	// Tags is the verdict on the tags the call passes (pass, fail,
	// unknown) when the module's code is not in the repository; TagsWhy
	// says what is not known.
	Tags    string `json:"tags,omitempty"`
	TagsWhy string `json:"tags_why,omitempty"`
}

// ProviderCount counts tag verdicts for one provider: pass (every required
// key present), fail (a required key certainly missing), unknown (the key
// set depends on values not known statically).
type ProviderCount struct {
	Provider string `json:"provider"`
	Pass     int    `json:"pass"`
	Fail     int    `json:"fail"`
	Unknown  int    `json:"unknown"`
}
