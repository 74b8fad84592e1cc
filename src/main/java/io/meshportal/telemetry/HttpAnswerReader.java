package io.meshportal.telemetry;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * Reads one HTTP/1.1 answer (RFC 9112) from a socket by a deadline: the status line, the header fields, and the
 * body framed by Content-Length, by chunked transfer coding, or by the close of the connection. Everything a
 * factory (or the sidecar in front of it) may get wrong ends in an {@link IOException} with a short reason.
 */
final class HttpAnswerReader {

    /** The status line and header fields together; a factory's are a few hundred bytes. */
    static final int MAX_HEAD_BYTES = 16 * 1024;

    record Answer(int status, byte[] body, boolean keepAlive) {}

    /** The answer ended or broke before its first byte: on a kept-alive connection, the server had closed it. */
    static final class NothingReadException extends IOException {
        NothingReadException(String message) {
            super(message);
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final long deadlineNanos;
    private final byte[] buffer = new byte[8192];
    private int position;
    private int limit;
    private int headBytes;
    private boolean anythingRead;

    HttpAnswerReader(Socket socket, long deadlineNanos) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.deadlineNanos = deadlineNanos;
    }

    Answer read(int maxBody) throws IOException {
        while (true) {
            String statusLine = headLine();
            // "HTTP/1.1 200 OK": the version, a three-digit code, an optional reason (RFC 9112 §4)
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new IOException("not an HTTP/1.1 answer");
            }
            int status = parseStatus(statusLine.substring(9, 12));
            boolean http10 = statusLine.charAt(7) == '0';
            long contentLength = -1;
            boolean chunked = false;
            Boolean connectionKeepAlive = null;
            for (String line = headLine(); !line.isEmpty(); line = headLine()) {
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    throw new IOException("malformed header field");
                }
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> {
                        long length = parseLength(value);
                        if (contentLength >= 0 && contentLength != length) {
                            throw new IOException("conflicting Content-Length");
                        }
                        contentLength = length;
                    }
                    case "transfer-encoding" -> chunked = value.endsWith("chunked");
                    case "connection" -> {
                        if (value.contains("close")) {
                            connectionKeepAlive = false;
                        } else if (value.contains("keep-alive")) {
                            connectionKeepAlive = true;
                        }
                    }
                    default -> {
                        // not needed to read the answer
                    }
                }
            }
            if (status >= 100 && status < 200) {
                continue; // interim answer (100 Continue, 103 Early Hints): the final one follows
            }
            boolean keepAlive = connectionKeepAlive != null ? connectionKeepAlive : !http10;
            if (status == 204 || status == 304) {
                return new Answer(status, new byte[0], keepAlive);
            }
            if (chunked) {
                return new Answer(status, chunkedBody(maxBody), keepAlive);
            }
            if (contentLength >= 0) {
                if (contentLength > maxBody) {
                    throw new IOException("response too large: " + contentLength + " bytes");
                }
                return new Answer(status, exactly((int) contentLength), keepAlive);
            }
            return new Answer(status, untilClosed(maxBody), false);
        }
    }

    private static int parseStatus(String digits) throws IOException {
        for (int i = 0; i < digits.length(); i++) {
            if (!Character.isDigit(digits.charAt(i))) {
                throw new IOException("malformed status line");
            }
        }
        return Integer.parseInt(digits);
    }

    private static long parseLength(String value) throws IOException {
        if (value.isEmpty() || value.length() > 18 || !value.chars().allMatch(Character::isDigit)) {
            throw new IOException("malformed Content-Length");
        }
        return Long.parseLong(value);
    }

    private byte[] chunkedBody(int maxBody) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(64, "malformed chunk size");
            int extension = sizeLine.indexOf(';');
            String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim();
            int size;
            try {
                size = hex.length() > 7 ? Integer.MAX_VALUE : Integer.parseInt(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("malformed chunk size");
            }
            if (size == 0) {
                while (!line(MAX_HEAD_BYTES, "header too large").isEmpty()) {
                    // trailer fields: not used
                }
                return body.toByteArray();
            }
            if (size < 0 || (long) body.size() + size > maxBody) {
                throw new IOException("response too large");
            }
            body.write(exactly(size));
            if (!line(2, "malformed chunk").isEmpty()) {
                throw new IOException("malformed chunk");
            }
        }
    }

    private byte[] exactly(int length) throws IOException {
        byte[] body = new byte[length];
        int filled = 0;
        while (filled < length) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed before the end of the answer");
            }
            int n = Math.min(length - filled, limit - position);
            System.arraycopy(buffer, position, body, filled, n);
            position += n;
            filled += n;
        }
        return body;
    }

    private byte[] untilClosed(int maxBody) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (position < limit || fill()) {
            if ((long) body.size() + (limit - position) > maxBody) {
                throw new IOException("response too large");
            }
            body.write(buffer, position, limit - position);
            position = limit;
        }
        return body.toByteArray();
    }

    /** A line of the head, counted against {@link #MAX_HEAD_BYTES}. */
    private String headLine() throws IOException {
        String line = line(MAX_HEAD_BYTES - headBytes, "header too large");
        headBytes += line.length() + 2;
        return line;
    }

    /** A line ended by LF (its CR dropped), at most {@code max} bytes; ISO-8859-1 as RFC 9112 §5 allows. */
    private String line(int max, String tooLong) throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (position == limit && !fill()) {
                throw anythingRead
                        ? new EOFException("connection closed before the end of the answer")
                        : new NothingReadException("connection closed before an answer");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= max) {
                throw new IOException(tooLong);
            }
            line.append((char) (b & 0xFF));
        }
    }

    /** Reads more into the buffer, waiting at most until the deadline; false at the end of the stream. */
    private boolean fill() throws IOException {
        long remainingMillis = (deadlineNanos - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
            throw new SocketTimeoutException("timed out");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, remainingMillis));
        int n;
        try {
            n = in.read(buffer);
        } catch (java.net.SocketException e) {
            if (!anythingRead) {
                throw new NothingReadException(e.getMessage() == null ? "connection reset" : e.getMessage());
            }
            throw e;
        }
        if (n <= 0) {
            return false;
        }
        anythingRead = true;
        position = 0;
        limit = n;
        return true;
    }
}
