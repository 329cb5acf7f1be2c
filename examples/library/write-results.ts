// The result files `secfaas run` writes: aggregate once (summarize), then any writers into a folder.
import { loadScenario, runScenario, summarize, writeResult, type WriterName } from 'secfaas';

export async function writeResults(file: string, dir: string, writers: WriterName[] = ['csv', 'json', 'charts', 'report']): Promise<string[]> {
  const summary = summarize(await runScenario(loadScenario(file)));
  // each writer's files are written atomically; the notes say what a writer left out and why
  return writeResult(summary, dir, writers, { fresh: true });
}
