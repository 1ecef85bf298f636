package aisdk

import (
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// stubDecls parses the stub SDKs of the analyzers' testdata and returns
// every method (of a type or an interface) and function they declare, keyed
// like the table.
func stubDecls(t *testing.T) map[Key]bool {
	t.Helper()
	out := map[Key]bool{}
	for _, gopath := range []string{"../testdata", "../testdata/eino05"} {
		src := filepath.Join(gopath, "src")
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") {
				return err
			}
			dir, _ := filepath.Rel(src, filepath.Dir(p))
			pkg := Normalize(filepath.ToSlash(dir))
			f, err := parser.ParseFile(token.NewFileSet(), p, nil, parser.SkipObjectResolution)
			if err != nil {
				return err
			}
			for _, d := range f.Decls {
				switch d := d.(type) {
				case *ast.FuncDecl:
					recv := ""
					if d.Recv != nil && len(d.Recv.List) > 0 {
						recv = recvName(d.Recv.List[0].Type)
					}
					out[Key{pkg, recv, d.Name.Name}] = true
				case *ast.GenDecl:
					for _, s := range d.Specs {
						ts, ok := s.(*ast.TypeSpec)
						if !ok {
							continue
						}
						if it, ok := ts.Type.(*ast.InterfaceType); ok {
							for _, m := range it.Methods.List {
								for _, n := range m.Names {
									out[Key{pkg, ts.Name.Name, n.Name}] = true
								}
							}
						}
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

func recvName(e ast.Expr) string {
	for {
		switch x := e.(type) {
		case *ast.StarExpr:
			e = x.X
		case *ast.IndexExpr:
			e = x.X
		case *ast.IndexListExpr:
			e = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// TestEveryEntryHasStub: every call surface of the table is declared by a
// stub SDK of the analyzers' testdata, so the analysistest suites can call
// it. Entries without a stub yet are listed in missing; the list may only
// shrink.
func TestEveryEntryHasStub(t *testing.T) {
	decls := stubDecls(t)
	var missing []string
	for _, s := range All() {
		found := decls[s.Key()]
		if base, ok := strings.CutSuffix(s.Pkg, "/..."); ok {
			for k := range decls {
				if strings.HasPrefix(k.Pkg, base+"/") && (s.Recv == "*" || k.Recv == s.Recv) && k.Method == s.Method {
					found = true
				}
			}
		}
		if !found {
			missing = append(missing, s.Pkg+"."+s.Recv+"."+s.Method)
		}
	}
	slices.Sort(missing)
	missing = slices.Compact(missing)
	for _, m := range missing {
		if !slices.Contains(withoutStub, m) {
			t.Errorf("table entry %s has no stub in the analyzers' testdata: add one and a call of it to an analysistest package", m)
		}
	}
	for _, m := range withoutStub {
		if !slices.Contains(missing, m) {
			t.Errorf("table entry %s has a stub now: remove it from withoutStub", m)
		}
	}
}

// withoutStub are the entries that predate this test and have no stub yet.
var withoutStub = []string{
	"cloud.google.com/go/vertexai/genai.ChatSession.SendMessageStream",
	"cloud.google.com/go/vertexai/genai.EmbeddingModel.EmbedContent",
	"github.com/anthropics/anthropic-sdk-go.BetaMessageService.NewStreaming",
	"github.com/anthropics/anthropic-sdk-go.CompletionService.New",
	"github.com/anthropics/anthropic-sdk-go.CompletionService.NewStreaming",
	"github.com/cloudwego/eino/components/tool/utils..InferTool",
	"github.com/cloudwego/eino/components/tool/utils..NewTool",
	"github.com/cohere-ai/cohere-go/client.Client.Chat",
	"github.com/cohere-ai/cohere-go/client.Client.ChatStream",
	"github.com/cohere-ai/cohere-go/client.Client.Embed",
	"github.com/firebase/genkit/go/genkit..DefineTool",
	"github.com/firebase/genkit/go/genkit..Generate",
	"github.com/firebase/genkit/go/genkit..GenerateData",
	"github.com/firebase/genkit/go/genkit..GenerateText",
	"github.com/google/generative-ai-go/genai.ChatSession.SendMessage",
	"github.com/google/generative-ai-go/genai.ChatSession.SendMessageStream",
	"github.com/google/generative-ai-go/genai.EmbeddingModel.EmbedContent",
	"github.com/google/generative-ai-go/genai.GenerativeModel.GenerateContent",
	"github.com/google/generative-ai-go/genai.GenerativeModel.GenerateContentStream",
	"github.com/modelcontextprotocol/go-sdk/mcp.Server.AddTool",
	"github.com/openai/openai-go.CompletionService.NewStreaming",
	"github.com/openai/openai-go/responses.ResponseService.NewStreaming",
	"github.com/tmc/langchaingo/chains..Call",
	"github.com/tmc/langchaingo/chains..Predict",
	"github.com/tmc/langchaingo/chains..Run",
	"github.com/tmc/langchaingo/llms/....*.CreateEmbedding",
	"google.golang.org/genai.Chat.Send",
	"google.golang.org/genai.Chat.SendMessageStream",
	"google.golang.org/genai.Chat.SendStream",
	"google.golang.org/genai.Models.EmbedContent",
	"google.golang.org/genai.Models.GenerateImages",
}
