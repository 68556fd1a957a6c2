export interface CliCommand {
  usage: string;
  /** Throws InputError for anything the user can fix. */
  runAsync(args: string[]): Promise<void>;
}
