package aiprofiles

import "strings"

// AI gateways route a key to many vendors' models: Portkey, Helicone,
// LiteLLM's proxy, OpenRouter (vendorWords), and the gateways named "AI
// Gateway" by Cloudflare, Vercel (AI_GATEWAY_API_KEY) and Pydantic
// (PYDANTIC_AI_GATEWAY_API_KEY).
var gatewayWords = []string{"PORTKEY", "HELICONE"}

// gatewayPairs are "_"-separated word pairs naming an AI or model gateway;
// a GATEWAY word alone is not one (an AWS API_GATEWAY_KEY is no AI key).
var gatewayPairs = [][2]string{{"AI", "GATEWAY"}, {"LLM", "GATEWAY"}}

// gatewayCredential reports whether a credential name (upper case, split
// into its "_" words) names an AI gateway's key or token.
func gatewayCredential(n string, words []string) bool {
	if !strings.Contains(n, "KEY") && !strings.Contains(n, "TOKEN") {
		return false
	}
	for _, w := range gatewayWords {
		if strings.Contains(n, w) {
			return true
		}
	}
	for i := 0; i+1 < len(words); i++ {
		for _, p := range gatewayPairs {
			if words[i] == p[0] && words[i+1] == p[1] {
				return true
			}
		}
	}
	return false
}
