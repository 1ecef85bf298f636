// Reads the key from KEY through a wrapper module this fixture leaves out.
import { summarise } from "./lib.mjs";
await summarise();
