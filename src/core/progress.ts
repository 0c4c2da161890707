/** How long-running library work reports progress; the CLI turns it into a bar on stderr. */
export type Progress = (event: ProgressEvent) => void;

export interface ProgressEvent {
  readonly done: number;
  readonly total: number;
  /** What just finished, e.g. a symbol name. */
  readonly label?: string;
}
