package report

// AI is the inventory of where AI enters the repository: calls in Go code,
// steps in pipelines and infrastructure that serves or trains models. Each
// list is filled by its domain; see gocode.go, pipeline.go and terraform.go.
type AI struct {
	Code           []AICall     `json:"code,omitempty"`
	Pipeline       []AIStep     `json:"pipeline,omitempty"`
	Infrastructure []AIResource `json:"infrastructure,omitempty"`
}
