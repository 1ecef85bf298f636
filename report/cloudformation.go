package report

// CloudFormation summarizes cost-allocation tag coverage of CloudFormation
// and AWS SAM templates.
type CloudFormation struct {
	// Templates counts the templates read; StackTagsKnown those whose
	// stack-level tags a deploy configuration in the repository sets
	// (samconfig.toml or samconfig.yaml). Elsewhere stack tags are given at
	// deploy time, so a key a resource lacks in its template is unknown.
	Templates      int `json:"templates"`
	StackTagsKnown int `json:"stack_tags_known"`
	// Resources counts the resources judged; NotTaggable those whose type
	// takes no tags; NotCreated those under a condition known to be false;
	// Skipped the Resources entries not modelled (Fn::ForEach loops).
	Resources   int `json:"resources"`
	NotTaggable int `json:"not_taggable"`
	NotCreated  int `json:"not_created"`
	Skipped     int `json:"skipped"`
	// Coverage counts verdicts (provider "cloudformation").
	Coverage ProviderCount `json:"coverage"`
	// Spec names the resource specification the taggable types come from.
	Spec string `json:"spec"`
}
