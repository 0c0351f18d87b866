/** The last lines PostgreSQL and initdb wrote, for an error message. */
export class RecentOutput {
  private lines: string[] = [];

  constructor(private readonly limit: number) {}

  /** Records a chunk of output and returns its non-empty lines. */
  add(chunk: string): string[] {
    const lines = chunk
      .split(/\r?\n/)
      .map((line) => line.trimEnd())
      .filter((line) => line !== '');
    this.lines = [...this.lines, ...lines].slice(-this.limit);
    return lines;
  }

  clear(): void {
    this.lines = [];
  }

  text(): string {
    return this.lines.join('\n');
  }
}
