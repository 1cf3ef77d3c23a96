// nfq-delay holds every packet of one netfilter queue for a fixed time, then accepts it: a constant
// delay on a kernel without sch_netem or sch_fq (the real-datapath e2e's slow gateway). Packets are
// released in arrival order; nothing is dropped or reordered. Standard library only: the NFQUEUE
// protocol (nfnetlink_queue) is a few netlink messages.
//
// Usage: nfq-delay -queue N -delay 90ms
// Prints "ready" once bound. Run it in the network namespace whose iptables rule queues to N, with
// `--queue-bypass` on the rule so packets flow undelayed if it exits.
package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"syscall"
	"time"
)

const (
	netlinkNetfilter = 12 // NETLINK_NETFILTER
	subsysQueue      = 3  // NFNL_SUBSYS_QUEUE
	msgPacket        = 0  // NFQNL_MSG_PACKET
	msgVerdict       = 1  // NFQNL_MSG_VERDICT
	msgConfig        = 2  // NFQNL_MSG_CONFIG
	cfgCmd           = 1  // NFQA_CFG_CMD
	cfgParams        = 2  // NFQA_CFG_PARAMS
	cfgMaxLen        = 3  // NFQA_CFG_QUEUE_MAXLEN
	cfgMask          = 4  // NFQA_CFG_MASK
	cfgFlags         = 5  // NFQA_CFG_FLAGS
	cmdBind          = 1  // NFQNL_CFG_CMD_BIND
	cmdUnbind        = 2  // NFQNL_CFG_CMD_UNBIND
	copyMeta         = 1  // NFQNL_COPY_META: the packet id is all we need
	flagFailOpen     = 1  // NFQA_CFG_F_FAIL_OPEN: a full queue accepts instead of dropping
	attrPacketHdr    = 1  // NFQA_PACKET_HDR
	attrVerdictHdr   = 2  // NFQA_VERDICT_HDR
	nfAccept         = 1
)

type conn struct {
	fd    int
	queue uint16
	mu    sync.Mutex
	seq   uint32
}

func attr(typ uint16, data []byte) []byte {
	b := make([]byte, 4, 4+len(data)+3)
	binary.NativeEndian.PutUint16(b[0:], uint16(4+len(data)))
	binary.NativeEndian.PutUint16(b[2:], typ)
	b = append(b, data...)
	for len(b)%4 != 0 {
		b = append(b, 0)
	}
	return b
}

// send writes one nfnetlink message of the queue subsystem: netlink header, nfgenmsg, attributes.
func (c *conn) send(msg uint16, flags uint16, attrs ...[]byte) error {
	body := []byte{syscall.AF_UNSPEC, 0, 0, 0} // nfgenmsg: family, version 0, res_id (queue, big endian)
	binary.BigEndian.PutUint16(body[2:], c.queue)
	for _, a := range attrs {
		body = append(body, a...)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.seq++
	h := make([]byte, 16, 16+len(body))
	binary.NativeEndian.PutUint32(h[0:], uint32(16+len(body)))
	binary.NativeEndian.PutUint16(h[4:], subsysQueue<<8|msg)
	binary.NativeEndian.PutUint16(h[6:], syscall.NLM_F_REQUEST|flags)
	binary.NativeEndian.PutUint32(h[8:], c.seq)
	return syscall.Sendto(c.fd, append(h, body...), 0, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK})
}

// config sends a config message and waits for its acknowledgement.
func (c *conn) config(attrs ...[]byte) error {
	if err := c.send(msgConfig, syscall.NLM_F_ACK, attrs...); err != nil {
		return err
	}
	buf := make([]byte, 8192)
	for {
		n, _, err := syscall.Recvfrom(c.fd, buf, 0)
		if err != nil {
			return err
		}
		msgs, err := syscall.ParseNetlinkMessage(buf[:n])
		if err != nil {
			return err
		}
		for _, m := range msgs {
			if m.Header.Type == syscall.NLMSG_ERROR && len(m.Data) >= 4 {
				if code := int32(binary.NativeEndian.Uint32(m.Data)); code != 0 {
					return syscall.Errno(-code)
				}
				return nil
			}
		}
	}
}

func (c *conn) verdict(id uint32) error {
	v := make([]byte, 8)
	binary.BigEndian.PutUint32(v[0:], nfAccept)
	binary.BigEndian.PutUint32(v[4:], id)
	return c.send(msgVerdict, 0, attr(attrVerdictHdr, v))
}

// packetID reads NFQA_PACKET_HDR's id from a packet message's attributes (after the 4-byte nfgenmsg).
func packetID(data []byte) (uint32, bool) {
	if len(data) < 4 {
		return 0, false
	}
	for b := data[4:]; len(b) >= 4; {
		l := int(binary.NativeEndian.Uint16(b[0:]))
		typ := binary.NativeEndian.Uint16(b[2:]) & 0x3fff
		if l < 4 || l > len(b) {
			return 0, false
		}
		if typ == attrPacketHdr && l >= 8 {
			return binary.BigEndian.Uint32(b[4:]), true
		}
		l = (l + 3) &^ 3
		if l > len(b) {
			break
		}
		b = b[l:]
	}
	return 0, false
}

type held struct {
	id      uint32
	release time.Time
}

func main() {
	queue := flag.Uint("queue", 0, "netfilter queue number")
	delay := flag.Duration("delay", 0, "how long every packet is held")
	flag.Parse()
	if *delay <= 0 || *queue > 65535 {
		fmt.Fprintln(os.Stderr, "usage: nfq-delay -queue N -delay DURATION (> 0)")
		os.Exit(2)
	}
	fd, err := syscall.Socket(syscall.AF_NETLINK, syscall.SOCK_RAW, netlinkNetfilter)
	if err != nil {
		fmt.Fprintln(os.Stderr, "nfq-delay: netlink socket:", err)
		os.Exit(1)
	}
	_ = syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4<<20)
	if err := syscall.Bind(fd, &syscall.SockaddrNetlink{Family: syscall.AF_NETLINK}); err != nil {
		fmt.Fprintln(os.Stderr, "nfq-delay: bind:", err)
		os.Exit(1)
	}
	c := &conn{fd: fd, queue: uint16(*queue)}
	params := []byte{0, 0, 0, 0, copyMeta}
	maxLen := binary.BigEndian.AppendUint32(nil, 4096)
	failOpen := binary.BigEndian.AppendUint32(nil, flagFailOpen)
	if err := c.config(attr(cfgCmd, []byte{cmdBind, 0, 0, 0})); err != nil {
		fmt.Fprintln(os.Stderr, "nfq-delay: bind queue:", err)
		os.Exit(1)
	}
	if err := c.config(attr(cfgParams, params), attr(cfgMaxLen, maxLen), attr(cfgMask, failOpen), attr(cfgFlags, failOpen)); err != nil {
		fmt.Fprintln(os.Stderr, "nfq-delay: configure queue:", err)
		os.Exit(1)
	}
	// The delay is constant, so a FIFO keeps the release order; its capacity is the queue's.
	fifo := make(chan held, 4096)
	go func() {
		for p := range fifo {
			time.Sleep(time.Until(p.release))
			if err := c.verdict(p.id); err != nil {
				fmt.Fprintln(os.Stderr, "nfq-delay: verdict:", err)
			}
		}
	}()
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-stop
		_ = c.config(attr(cfgCmd, []byte{cmdUnbind, 0, 0, 0}))
		os.Exit(0)
	}()
	fmt.Println("ready")
	buf := make([]byte, 65536)
	for {
		n, _, err := syscall.Recvfrom(fd, buf, 0)
		if err == syscall.ENOBUFS || err == syscall.EINTR {
			continue // the kernel's fail-open took over for what did not fit
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "nfq-delay: receive:", err)
			os.Exit(1)
		}
		at := time.Now()
		msgs, err := syscall.ParseNetlinkMessage(buf[:n])
		if err != nil {
			continue
		}
		for _, m := range msgs {
			if m.Header.Type != subsysQueue<<8|msgPacket {
				continue
			}
			if id, ok := packetID(m.Data); ok {
				fifo <- held{id: id, release: at.Add(*delay)}
			}
		}
	}
}
