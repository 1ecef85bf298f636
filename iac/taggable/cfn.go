package taggable

import "strings"

// CloudFormation: which property of a resource type carries its tags, and
// in which shape. The facts (cfn_table.go) are generated from the resource
// specification; the choices below are written by hand.

// CFNShape is how a CloudFormation tags property is written.
type CFNShape int

const (
	// CFNList is a list of {Key, Value} (most AWS:: types).
	CFNList CFNShape = iota + 1
	// CFNMap is a mapping of keys to values (SAM, EKS node groups, SSM...).
	CFNMap
	// CFNJSON is a free-form value: a mapping in practice, a list of
	// {Key, Value} accepted too.
	CFNJSON
	// CFNSpecs is TagSpecifications, tags per created resource type
	// (launch templates, fleets): not judged.
	CFNSpecs
)

// CFNInfo describes how one CloudFormation resource type is tagged.
type CFNInfo struct {
	Type  string
	Prop  string
	Shape CFNShape
}

// cfnOwnTags are the properties other than Tags that tag the resource
// itself (Tags is chosen when a type has it). Others with "Tag" in their
// name are selectors or the tags of other resources: AWS::CE anomaly
// monitors' ResourceTags select resources, ECR repository-creation
// templates' ResourceTags tag the repositories they create, FMS policies'
// ResourceTags scope the policy, Inspector resource groups' tags select
// instances, Lake Formation tags are data permissions.
var cfnOwnTags = map[string]bool{
	"AccessPointTags": true, "BackupPlanTags": true, "BackupVaultTags": true, "BotAliasTags": true,
	"BotTags": true, "FileSystemTags": true, "FrameworkTags": true, "HealthCheckTags": true,
	"HostedZoneTags": true, "PipelineTags": true, "ReportPlanTags": true, "UserPoolTags": true,
}

// LookupCFN returns how a CloudFormation resource type takes tags. known is
// false for a type the specification snapshot does not list (newer than
// it, or a third-party type): whether it takes tags is not known. ok is
// false for types that take none.
func LookupCFN(typ string) (info CFNInfo, ok, known bool) {
	props, known := cfnFacts()[typ]
	if !known {
		return CFNInfo{Type: typ}, false, false
	}
	info = CFNInfo{Type: typ}
	for _, p := range props {
		name, shape, _ := strings.Cut(p, ":")
		if name != "Tags" && !cfnOwnTags[name] {
			continue
		}
		info.Prop = name
		switch shape {
		case "list":
			info.Shape = CFNList
		case "map":
			info.Shape = CFNMap
		case "json":
			info.Shape = CFNJSON
		case "specs":
			info.Shape = CFNSpecs
		}
		if name == "Tags" {
			break
		}
	}
	if info.Prop == "" {
		for _, p := range props {
			if name, shape, _ := strings.Cut(p, ":"); name == "TagSpecifications" && shape == "specs" {
				info.Prop, info.Shape = name, CFNSpecs
			}
		}
	}
	return info, info.Prop != "", true
}
