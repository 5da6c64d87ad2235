/** Small pieces every view shows: loading, an error, an empty answer. */
export function Loading({ what }: { what: string }) {
  return <p class="loading">Loading {what}...</p>;
}

export function ErrorNote({ error }: { error: Error }) {
  return (
    <p class="error" role="alert">
      {error.name && error.name !== 'Error' ? `${error.name}: ` : ''}
      {error.message}
    </p>
  );
}

export function Empty({ children }: { children: preact.ComponentChildren }) {
  return <p class="empty">{children}</p>;
}
