export interface CliCommand {
  name: string;
  /** One line for `clipvg --help`. */
  summary: string;
  usage: string;
  /** Throws InputError for anything the user can fix. */
  runAsync(args: string[]): Promise<void>;
}
