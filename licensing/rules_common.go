package licensing

// controls are the framework controls every license rule gives evidence
// for: third-party risk (NIST AI RMF GOVERN 6.1), suppliers (ISO/IEC 42001
// A.10.3) and vendor management (SOC 2 CC9.2).
var controls = []string{"NIST-AI-RMF:GOVERN-6.1", "ISO42001:A.10.3", "SOC2:CC9.2"}
