import { runReview } from "./review";

await runReview(process.argv.slice(2));
