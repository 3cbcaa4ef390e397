package dev.blixt.internal.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrnoTest {

    @Test
    void namesTheCommonErrnosWhateverTheSign() {
        assertThat(Errno.name(1)).isEqualTo("EPERM");
        assertThat(Errno.name(-1)).isEqualTo("EPERM");
        assertThat(Errno.name(2)).isEqualTo("ENOENT");
        assertThat(Errno.name(-13)).isEqualTo("EACCES");
        assertThat(Errno.name(7)).isEqualTo("E2BIG");
        assertThat(Errno.name(16)).isEqualTo("EBUSY");
        assertThat(Errno.name(17)).isEqualTo("EEXIST");
        assertThat(Errno.name(19)).isEqualTo("ENODEV");
        assertThat(Errno.name(22)).isEqualTo("EINVAL");
        assertThat(Errno.name(28)).isEqualTo("ENOSPC");
        assertThat(Errno.name(95)).isEqualTo("EOPNOTSUPP");
        assertThat(Errno.name(524)).isEqualTo("ENOTSUPP");
    }

    @Test
    void namesLibbpfsOwnErrorCodes() {
        assertThat(Errno.name(-4001)).isEqualTo("LIBBPF_ERRNO__FORMAT");
        assertThat(Errno.name(4007)).isEqualTo("LIBBPF_ERRNO__VERIFY");
    }

    @Test
    void unknownErrnosAreNamedByNumber() {
        assertThat(Errno.name(9999)).isEqualTo("errno 9999");
    }

    @Test
    void constantsMatchTheirNames() {
        assertThat(Errno.name(Errno.EPERM)).isEqualTo("EPERM");
        assertThat(Errno.name(Errno.ENOLINK)).isEqualTo("ENOLINK");
        assertThat(Errno.name(Errno.ERANGE)).isEqualTo("ERANGE");
        assertThat(Errno.name(Errno.EMFILE)).isEqualTo("EMFILE");
        assertThat(Errno.name(Errno.EFAULT)).isEqualTo("EFAULT");
        assertThat(Errno.name(Errno.ENOSYS)).isEqualTo("ENOSYS");
        assertThat(Errno.name(Errno.EAGAIN)).isEqualTo("EAGAIN");
        assertThat(Errno.name(Errno.EBADF)).isEqualTo("EBADF");
        assertThat(Errno.name(Errno.EINTR)).isEqualTo("EINTR");
        assertThat(Errno.name(Errno.ENOMEM)).isEqualTo("ENOMEM");
    }
}
