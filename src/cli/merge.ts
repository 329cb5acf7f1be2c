import { mergeShards } from '../sweep/merge.js';
import { checkOutputFolder } from './paths.js';
import { EXIT_OK } from './errors.js';
import { printResult, type OutputFormat } from './result.js';

export interface MergeArgs {
  dirs: string[];
  out: string;
  format: OutputFormat;
}

/** `secfaas merge DIRS --out DIR`: the summary of a sharded sweep, byte for byte what one machine writes. */
export async function mergeCommand(args: MergeArgs): Promise<number> {
  checkOutputFolder(args.out);
  await printResult(mergeShards(args.dirs), args.out, args.format);
  return EXIT_OK;
}
