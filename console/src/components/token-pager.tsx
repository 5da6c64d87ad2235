/**
 * Previous/Next over a List call's NextTokens: `tokens` holds the token of each page reached so
 * far (the first page's is undefined), the last one the page shown.
 */
export function TokenPager({ tokens, setTokens, next }: { tokens: (string | undefined)[]; setTokens: (tokens: (string | undefined)[]) => void; next: string | undefined }) {
  return (
    <div class="pager">
      <span class="hint">Page {tokens.length}</span>
      {tokens.length > 1 && (
        <button type="button" onClick={() => setTokens(tokens.slice(0, -1))}>
          Previous
        </button>
      )}
      {next && (
        <button type="button" onClick={() => setTokens([...tokens, next])}>
          Next
        </button>
      )}
    </div>
  );
}
