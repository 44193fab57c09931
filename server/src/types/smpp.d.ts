/**
 * Types for the parts of the `smpp` package (0.5.x, plain CommonJS without types) that we use.
 * A PDU carries its command's fields by their SMPP names (system_id, short_message …); they
 * depend on the command, so they are `unknown` here and narrowed where read.
 */
declare module "smpp" {
  import type { Server as NetServer, Socket } from "node:net";

  namespace smpp {
    type Fields = Record<string, unknown>;

    class PDU {
      constructor(command: string, options?: Fields);
      command: string;
      command_id: number;
      command_status: number;
      sequence_number: number;
      [field: string]: unknown;
      isResponse(): boolean;
      /** The response PDU to this request, with its sequence number (generic_nack for an unknown command). */
      response(options?: Fields): PDU;
      toBuffer(): Buffer;
    }

    type PduListener = (pdu: PDU) => void;

    class Session {
      socket: Socket;
      /** Writes a PDU; false (and nothing written) when the socket is not writable. */
      send(pdu: PDU, onResponse?: PduListener, onSent?: PduListener): boolean;
      /** One method per command (submit_sm, bind_transceiver, deliver_sm, enquire_link, unbind …). */
      bind_transceiver(options: Fields, onResponse?: PduListener): boolean;
      submit_sm(options: Fields, onResponse?: PduListener): boolean;
      deliver_sm(options: Fields, onResponse?: PduListener): boolean;
      enquire_link(options: Fields, onResponse?: PduListener): boolean;
      unbind(options: Fields, onResponse?: PduListener): boolean;
      close(callback?: () => void): void;
      destroy(callback?: () => void): void;
      pause(): void;
      resume(): void;
      on(event: "connect" | "close", listener: () => void): this;
      on(event: "error", listener: (error: Error) => void): this;
      on(event: string, listener: PduListener): this;
      once(event: "connect" | "close", listener: () => void): this;
      once(event: "error", listener: (error: Error) => void): this;
      once(event: string, listener: PduListener): this;
      removeAllListeners(event?: string): this;
    }

    interface Server extends NetServer {
      sessions: Session[];
    }

    interface ConnectOptions {
      host: string;
      port: number;
      tls?: boolean;
      auto_enquire_link_period?: number;
    }

    /** Opens a TCP connection; the session emits "connect" once it is open. */
    function connect(options: ConnectOptions, listener?: () => void): Session;
    function createServer(listener?: (session: Session) => void): Server;
    function createServer(options: Fields, listener?: (session: Session) => void): Server;

    /** SMPP command_status values by name (ESME_ROK, ESME_RTHROTTLED …). */
    const errors: Record<string, number>;
    /** The package's GSM 03.38 coder: what it uses for data_coding 0 and 1. */
    const gsmCoder: {
      encode(text: string, shiftTable?: number): Buffer;
      decode(bytes: Buffer, shiftTable?: number): string;
    };
  }

  export = smpp;
}
