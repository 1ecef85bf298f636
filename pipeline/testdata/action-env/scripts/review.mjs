const platform = process.argv[2] ?? "local";
console.log(`reviewing on ${platform}`);
