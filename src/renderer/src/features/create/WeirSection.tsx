/** Weir's part of the create form: nothing beyond the name, the environment is the tab's. */
export function WeirSection({ environmentLabel }: { environmentLabel: string }) {
  return <p className="form-hint">Weir AI takes a name and the environment ({environmentLabel}).</p>;
}
