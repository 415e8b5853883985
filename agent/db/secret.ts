/**
 * A password held in memory. It renders as "[redacted]" in every string and JSON
 * context, so passing a target to a logger, a template or JSON.stringify cannot leak it;
 * only `reveal()`, called where a driver needs it, gives the value.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  toString(): string {
    return '[redacted]';
  }

  toJSON(): string {
    return '[redacted]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret([redacted])';
  }
}
