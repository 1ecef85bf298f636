// Reviews a diff with a CLI agent.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

const diff = readFileSync(process.argv[2], "utf8");
const out = execFileSync("claude", ["-p", `Review this diff:\n${diff}`], { encoding: "utf8" });
console.log(out);
