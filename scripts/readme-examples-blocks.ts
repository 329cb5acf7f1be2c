// README.md's library examples are the files of examples/library/, each in a ```ts block under
// its marker `<!-- example: examples/library/NAME.ts -->`: the test imports and runs the files,
// and checks that the README shows them as they are.
const BLOCK = /(<!-- example: (\S+) -->\n```ts\n)[\s\S]*?(```)/g;

/** The README with each marked block replaced by its file's text (`read` gets the path as marked). */
export function withLibraryExamples(readme: string, read: (path: string) => string): string {
  return readme.replace(BLOCK, (_match, head: string, path: string, end: string) => head + read(path) + end);
}
